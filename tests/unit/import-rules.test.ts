import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..', '..')
const eslint = new ESLint({ cwd: root })

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

// The rooms of the code (README's layout): each rule is shown to fail the lint when broken, and to allow what is fine.
describe('import rules', () => {
  it('electron/core may not import electron', async () => {
    expect(await restrictedImports("import { app } from 'electron'\nexport const a = app\n", 'electron/core/x.ts')).toHaveLength(1)
    expect(await restrictedImports("import { readFile } from 'node:fs/promises'\nexport const a = readFile\n", 'electron/core/x.ts')).toEqual([])
    expect(await restrictedImports("import { app } from 'electron'\nexport const a = app\n", 'electron/main-x.ts')).toEqual([])
  })

  it('the renderer may not import Node built-ins, electron, ssh2, the keychain or main-process code', async () => {
    for (const source of ['node:fs', 'fs', 'child_process', 'electron', 'ssh2', '@napi-rs/keyring', '../../electron/core/errors', '../electron/ipc']) {
      const messages = await restrictedImports(`import x from '${source}'\nexport const a = x\n`, 'renderer/src/features/x.ts')
      expect(messages.length, source).toBeGreaterThan(0)
    }
    expect(await restrictedImports("import { create } from 'zustand'\nexport const a = create\n", 'renderer/src/x.ts')).toEqual([])
  })

  it('shared may import neither side', async () => {
    for (const source of ['node:path', 'electron', 'react', '../electron/core/errors', '../renderer/src/bridge']) {
      const messages = await restrictedImports(`import x from '${source}'\nexport const a = x\n`, 'shared/x.ts')
      expect(messages.length, source).toBeGreaterThan(0)
    }
    expect(await restrictedImports("import { z } from 'zod'\nexport const a = z\n", 'shared/x.ts')).toEqual([])
  })
})
