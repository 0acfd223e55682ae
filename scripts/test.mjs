#!/usr/bin/env node
// `npm test`: system packages, lint, type-check, build, unit, integration and end-to-end tests, and
// the Electron suite where an Electron binary exists. Stops at the first failing step.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureSystemDeps } from './system-deps.mjs'
import { summaryLines } from './test-summary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, '.tmp', 'results')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const keychain = (...command) => ['bash', join(root, 'scripts', 'with-keychain.sh'), ...command]

const steps = [
  ['lint', [bin('eslint'), '--max-warnings', '0', '.']],
  ['type-check', [bin('tsc'), '-p', 'tsconfig.json', '--noEmit']],
  ['build', [bin('electron-vite'), 'build']],
  ['unit', [bin('vitest'), 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'unit.json')}`]],
  [
    'integration',
    keychain(bin('vitest'), 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'integration.json')}`),
  ],
  ['e2e', keychain(bin('playwright'), 'test')],
  ['electron', ['node', join(root, 'tests', 'electron', 'run.mjs')]],
]

const only = process.argv.slice(2)
ensureSystemDeps({ install: true })
rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

const started = Date.now()
for (const [name, [program, ...args]] of steps) {
  if (only.length > 0 && !only.includes(name)) continue
  console.log(`\n=== ${name} ===`)
  const stepStart = Date.now()
  const result = spawnSync(program, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } })
  const seconds = ((Date.now() - stepStart) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}) after ${seconds} s`)
    summarize()
    process.exit(1)
  }
  console.log(`--- ${name} ok (${seconds} s)`)
}
console.log(`\nAll steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`)
summarize()

/** The closing lines: suites skipped whole, with their reason, then `N passed, N failed, N skipped`. */
function summarize() {
  for (const line of summaryLines(results)) console.log(line)
}
