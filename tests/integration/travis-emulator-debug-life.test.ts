import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED, type TravisEmulator, startTravisEmulator } from '../support/travis-emulator'

/**
 * A debug restart's life in the emulator. Its phases last as long as the timeline says, phase by
 * phase: on Travis the VM boot (`received`) is the long wait, and a demo or test that gives every
 * phase the same pause hides it.
 */
describe("the Travis emulator: a debug restart's life", () => {
  let emu: TravisEmulator

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, timeline: { stepMs: 10 } })
  })
  afterAll(() => emu.close())

  const debug = (job: number) =>
    fetch(`${emu.url}/job/${job}/debug`, {
      method: 'POST',
      headers: { 'Travis-API-Version': '3', Authorization: `token ${SEED.users.alice.token}`, 'Content-Type': 'application/json' },
      body: '{"quiet":true}',
    })

  const control = (method: string, path: string, body: unknown) =>
    fetch(`${emu.origin}/__emulator/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

  it('a phase given its own duration (over the HTTP control too) lasts at least that long', async () => {
    const bootMs = 400
    const set = await control('PUT', 'timeline', { stepMs: 10, phaseMs: { received: bootMs } })
    expect(set.status).toBe(200)
    const job = SEED.jobs.passed
    expect((await debug(job)).status).toBe(202)
    await emu.control.waitForPhase(job, 'received')
    const booted = Date.now()
    expect(emu.control.jobInfo(job)?.state).toBe('received')
    await emu.control.waitForPhase(job, 'started')
    // Timers may fire a millisecond early; nothing can make the boot shorter than that.
    expect(Date.now() - booted).toBeGreaterThanOrEqual(bootMs - 5)
    await emu.control.waitForPhase(job, 'ssh-ready')
  })

  it('a cancelled job ends errored after its session, its log ending "Done. Your build exited with 86."', async () => {
    const job = SEED.jobs.canceled
    expect((await debug(job)).status).toBe(202)
    await emu.control.waitForPhase(job, 'session')
    expect(emu.control.endDebugSession(job)).toBe(true)
    await emu.control.waitForPhase(job, 'finished')
    const log = (emu.control.store.logs.get(job)?.parts ?? []).map((part) => part.content).join('')
    expect(log).toContain('The build result is reset to its previous value, "canceled".')
    expect(log.trimEnd().split(/\r?\n/).at(-1)).toBe('Done. Your build exited with 86.')
    expect(emu.control.jobInfo(job)?.state).toBe('errored')
  })

  it('refuses a duration for a phase it does not know', async () => {
    const refused = await control('PUT', 'timeline', { phaseMs: { booting: 100 } })
    expect(refused.status).toBe(400)
  })
})
