import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..', '..')
const electronBinaryPresent = existsSync(join(root, 'node_modules', 'electron', 'path.txt'))

describe("npm test's closing lines", () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipmate-summary-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const summary = () => spawnSync(process.execPath, [join(root, 'scripts', 'test-summary.mjs'), dir], { encoding: 'utf8' }).stdout.trimEnd().split('\n')

  it('adds up every runner and names a suite that was skipped whole, with its reason, above the count', async () => {
    await writeFile(join(dir, 'unit.json'), JSON.stringify({ numPassedTests: 10, numFailedTests: 1, numPendingTests: 2, numTodoTests: 0 }))
    await writeFile(join(dir, 'e2e.json'), JSON.stringify({ stats: { expected: 5, flaky: 1, unexpected: 0, skipped: 0 } }))
    await writeFile(join(dir, 'electron.json'), JSON.stringify({ stats: { expected: 0, unexpected: 0, skipped: 3 }, skippedReason: 'no Electron binary' }))
    expect(summary()).toEqual(['electron: 3 skipped (no Electron binary)', '16 passed, 1 failed, 5 skipped'])
  })

  it.skipIf(electronBinaryPresent)('the Electron suite, without a binary, reports its tests as skipped with the reason', async () => {
    const run = spawnSync(process.execPath, [join(root, 'tests', 'electron', 'run.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SHIPMATE_RESULTS_DIR: dir },
    })
    expect(run.status).toBe(0)
    const report = JSON.parse(await readFile(join(dir, 'electron.json'), 'utf8')) as { stats: { skipped: number }; skippedReason: string }
    expect(report.stats.skipped).toBeGreaterThan(0)
    expect(report.skippedReason).toContain('no Electron binary')
    expect(summary()).toEqual([`electron: ${report.stats.skipped} skipped (${report.skippedReason})`, `0 passed, 0 failed, ${report.stats.skipped} skipped`])
    // It starts Playwright to list the suite: seconds on a machine busy with the rest of the unit run.
  }, 60_000)
})
