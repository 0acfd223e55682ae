import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED, type TravisEmulator, startTravisEmulator } from '../support/travis-emulator'

/** Answers Travis gives that a second read of its sources showed, which the emulator must give too. */
describe('the Travis emulator at the edges', () => {
  let emu: TravisEmulator

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, timeline: { stepMs: 20 } })
  })
  afterAll(() => emu.close())
  beforeEach(() => emu.control.reset())

  /** `token` null: anonymous. */
  const get = (path: string, token: string | null = SEED.users.alice.token) =>
    fetch(`${emu.url}${path}`, { headers: { 'Travis-API-Version': '3', ...(token === null ? {} : { Authorization: `token ${token}` }) } })

  it("a restarted job's log is 200 with content null and no parts until new parts arrive, not 404", async () => {
    const job = SEED.jobs.matrixLinux
    emu.control.holdAt(job, ['created'])
    const post = await fetch(`${emu.url}/job/${job}/debug`, {
      method: 'POST',
      headers: { 'Travis-API-Version': '3', Authorization: `token ${SEED.users.alice.token}`, 'Content-Type': 'application/json' },
      body: '{"quiet":true}',
    })
    expect(post.status).toBe(202)
    await emu.control.waitForPhase(job, 'created')
    const log = await get(`/job/${job}/log`)
    expect(log.status).toBe(200)
    expect(await log.json()).toMatchObject({ '@type': 'log', content: null, log_parts: [] })
  })

  it("a missing job's log is Travis's plain-text 500", async () => {
    const log = await get('/job/99999999/log')
    expect(log.status).toBe(500)
    expect(log.headers.get('content-type')).toBe('text/plain')
    expect(await log.text()).toBe('Sorry, we experienced an error.\n')
  })

  it('a private log read by a logged-in user without view_log is 403 log_access_denied; anonymous is 404', async () => {
    const job = SEED.jobs.matrixLinux
    const carol = await get(`/job/${job}/log`, SEED.users.carol.token)
    expect(carol.status).toBe(403)
    expect(await carol.json()).toMatchObject({
      '@type': 'error',
      error_type: 'log_access_denied',
      error_message: "We're sorry, but this data is not available. Please check the repository settings in Travis CI.",
    })
    const anonymous = await get(`/job/${job}/log`, null)
    expect(anonymous.status).toBe(404)
  })

  it('a bad token is refused before rate limiting: it is not counted, and a refused client is not throttled for it', async () => {
    emu.control.setRateLimit({ anonymousLimit: 2 })
    for (let i = 0; i < 4; i++) {
      const bad = await get('/repos', 'not-a-real-token')
      expect([bad.status, await bad.text()]).toEqual([403, 'access denied'])
    }
    const anonymous = await get('/repo/2', null)
    expect(anonymous.status).toBe(200)
  })

  it('a debug request for a job that has not finished (created) is refused by the restart check with the credit-balance 403', async () => {
    const post = await fetch(`${emu.url}/job/${SEED.jobs.created}/debug`, {
      method: 'POST',
      headers: { 'Travis-API-Version': '3', Authorization: `token ${SEED.users.alice.token}`, 'Content-Type': 'application/json' },
      body: '{"quiet":true}',
    })
    expect(post.status).toBe(403)
    expect(await post.json()).toMatchObject({
      error_type: 'error',
      error_message: 'Builds have been temporarily disabled for private repositories due to a insufficient credit balance',
    })
  })

  it('a macOS debug job prints the extra line of its tmate install between "Setting up debug tools." and "Preparing debug sessions."', async () => {
    const job = SEED.jobs.matrixOsx
    const post = await fetch(`${emu.url}/job/${job}/debug`, {
      method: 'POST',
      headers: { 'Travis-API-Version': '3', Authorization: `token ${SEED.users.alice.token}`, 'Content-Type': 'application/json' },
      body: '{"quiet":true}',
    })
    expect(post.status).toBe(202)
    await emu.control.waitForPhase(job, 'ssh-ready')
    const text = await (await get(`/job/${job}/log.txt`)).text()
    const order = ['Setting up debug tools.', 'We are setting up the debug environment. This may take a while...', 'Preparing debug sessions.'].map((line) => text.indexOf(line))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })
})
