import { builtinModules } from 'node:module'
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]
const mainProcessOnly = ['electron', 'ssh2', '@napi-rs/keyring', 'node-pty', 'ws', '@xterm/headless']

/** The rooms of DESIGN.md §1, enforced: a broken rule fails `npm run lint` (tests/unit/import-rules.test.ts). */
const rooms = {
  core: {
    paths: [{ name: 'electron', message: 'electron/core runs under plain Node: receive what you need through createCore().' }],
  },
  renderer: {
    paths: [...nodeBuiltins, ...mainProcessOnly].map((name) => ({
      name,
      message: 'The renderer is sandboxed: reach the core through bridge.ts and shared/api.ts.',
    })),
    patterns: [
      {
        group: ['**/electron/**', '**/electron', 'node:*'],
        message: 'The renderer may not import main-process code: reach the core through bridge.ts and shared/api.ts.',
      },
    ],
  },
  shared: {
    paths: [...nodeBuiltins, ...mainProcessOnly, 'react', 'react-dom', 'zustand'].map((name) => ({
      name,
      message: 'shared/ is pure: no I/O, no Node-only or DOM-only modules, neither side.',
    })),
    patterns: [
      { group: ['**/electron/**', '**/renderer/**', 'node:*'], message: 'shared/ imports neither the main side nor the renderer.' },
    ],
  },
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  { files: ['electron/core/**'], rules: { 'no-restricted-imports': ['error', rooms.core] } },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', rooms.renderer] },
  },
  { files: ['shared/**'], rules: { 'no-restricted-imports': ['error', rooms.shared] } },
)
