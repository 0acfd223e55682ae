import { test } from '@playwright/test'
import { emulatorWithVms } from './debug-vm'
import { startTmateSim, type TmateSim } from './tmate-sim'
import type { TravisEmulator } from './travis-emulator'

/**
 * For a Playwright spec that debugs jobs: one tmate simulator for the file, and a fresh Travis
 * emulator per test whose debug restarts open sessions on it (debugging a job changes its state).
 * Read `emu` inside a test.
 */
export function useDebugVms(): { readonly emu: TravisEmulator } {
  let sim: TmateSim | undefined
  let current: TravisEmulator | undefined
  test.beforeAll(async () => {
    sim = await startTmateSim({ port: 0 })
  })
  test.afterAll(async () => {
    await sim?.close()
  })
  test.beforeEach(async () => {
    if (!sim) throw new Error('the tmate simulator did not start')
    ;({ emu: current } = await emulatorWithVms(sim))
  })
  test.afterEach(async () => {
    await current?.close()
  })
  return {
    get emu(): TravisEmulator {
      if (!current) throw new Error('the emulator runs only inside a test')
      return current
    },
  }
}
