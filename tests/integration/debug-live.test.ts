import Pusher from 'pusher-js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DebugLogChunk, DebugRun } from '@shared/api'
import type { Core } from '../../electron/core/create-core'
import { DebugRuns, type ReadyTarget } from '../../electron/core/debug/debug-runs'
import { createLogger } from '../../electron/core/log'
import { TravisClient } from '../../electron/core/travis/client'
import { waitFor } from '../support/poll'
import { removeDir, startCore, tempDir } from '../support/core-harness'
import { LIVE_KEY, SEED, type SshTarget, type TravisEmulator, liveSignature, startTravisEmulator } from '../support/travis-emulator'

const JOBS = SEED.jobs
const TARGET: SshTarget = { host: 'tmate.example.test', port: 2222, token: 'Lv7mPq2RsT9vWy3Za4Bc5De6G' }

/**
 * Debug runs that follow the log over Travis's live channel (the emulator's Pusher server), and
 * fall back to polling when the channel is missing, refused or dropped.
 */
describe('debug runs over the live log channel', () => {
  let emu: TravisEmulator
  let dataDir: string
  let core: Core
  let alice: string
  let current: Harness | undefined

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, timeline: { stepMs: 40 } })
    dataDir = await tempDir('shipmate-debug-live-')
    core = await startCore(dataDir)
    alice = (await core.accounts.add(emu.url, SEED.users.alice.token)).id
  })
  afterAll(async () => {
    for (const account of await core.accounts.list()) await core.accounts.remove(account.id)
    await emu.close()
    await removeDir(dataDir)
  })
  beforeEach(() => {
    emu.control.reset()
    emu.control.setDefaultDebugScript({ ssh: TARGET })
  })
  afterEach(async () => {
    await current?.dispose()
    current = undefined
  })

  interface Harness {
    runs: DebugRuns
    panel: () => string
    targets: ReadyTarget[]
    logLines: string[]
    latest: (runId: string) => DebugRun
    dispose: () => Promise<void>
  }

  /** Real pauses at the default pace, except how soon a refused channel is tried again. */
  function harness(): Harness {
    const logLines: string[] = []
    const targets: ReadyTarget[] = []
    let panel = ''
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name !== 'debug.log') return
      const chunk = payload as DebugLogChunk
      panel = chunk.reset ? chunk.text : panel + chunk.text
    })
    const runs = new DebugRuns({
      accounts: core.accounts,
      events: core.events,
      log: createLogger((line) => logLines.push(line)),
      onReady: (_run, target) => {
        targets.push(target)
        return `session-${targets.length}`
      },
      poll: { liveRetryMs: 500 },
    })
    const latest = (runId: string): DebugRun => {
      const run = runs.list().find((candidate) => candidate.id === runId)
      if (!run) throw new Error(`run ${runId} is gone`)
      return run
    }
    current = {
      runs,
      panel: () => panel,
      targets,
      logLines,
      latest,
      async dispose() {
        await runs.dispose()
        unsubscribe()
      },
    }
    return current
  }

  const logReads = (jobId: number, afterSeq = 0) =>
    emu.control.requests({ method: 'GET', path: `/job/${jobId}/log` }).filter((entry) => entry.seq > afterSeq).length

  const lastSeq = () => emu.control.requests().at(-1)?.seq ?? 0

  function ready(h: Harness, runId: string, timeoutMs = 10_000): Promise<DebugRun> {
    return waitFor(
      () => {
        const run = h.latest(runId)
        if (run.terminal) throw new Error(`run ended at ${run.step}: ${run.message ?? ''}`)
        return run.step === 'ready' && run
      },
      'the run to be ready',
      { timeoutMs, describe: () => `${JSON.stringify(h.latest(runId))}\n${h.logLines.join('\n')}\n${JSON.stringify(emu.control.liveStats())}` },
    )
  }

  it('a private job: the channel is authorised through the API, the SSH line comes over it, and the log is never polled', async () => {
    const h = harness()
    const job = JOBS.matrixLinux
    // Held in the queue until the channel is up, so that no part can go by before it.
    emu.control.holdAt(job, ['queued'])
    const run = await h.runs.start(alice, job, true, false)
    const post = emu.control.requests({ method: 'POST', path: `/job/${job}/debug` })[0]
    expect(post).toBeDefined()
    await waitFor(() => emu.control.liveStats().subscriptions === 1, 'the private channel subscribed')
    await emu.control.waitForPhase(job, 'queued')
    expect(emu.control.release(job)).toBe(true)
    await ready(h, run.id)

    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
    expect(logReads(job)).toBe(0)
    const afterPost = emu.control.requests().filter((entry) => entry.seq > (post?.seq ?? 0))
    expect(afterPost.map((entry) => `${entry.method} ${entry.path}`)).toContain('POST /pusher/auth')
    expect(afterPost.filter((entry) => entry.path === '/pusher/auth')).toHaveLength(1)
    // The channel carried the parts.
    expect(emu.control.liveStats().sent).toBeGreaterThan(0)
        // The panel shows the log with the session token masked.
    expect(h.panel()).toContain(`@${TARGET.host}`)
    expect(h.logLines.join('\n')).toContain(`debug: job ${job}: following the log live`)
    expect(h.logLines.join('\n')).not.toContain(SEED.users.alice.token)
    expect(h.logLines.join('\n')).not.toContain(TARGET.token)
  })

  it('parts out of order, and parts twice: assembled by number, each once; the SSH line split across two parts is whole', async () => {
    for (const disorder of ['swap', 'duplicate'] as const) {
      const h = harness()
      const job = disorder === 'swap' ? JOBS.matrixLinux : JOBS.matrixMysql
      emu.control.setLive({ disorder })
      emu.control.scriptDebug(job, { variant: 'split-line', ssh: TARGET })
      emu.control.holdAt(job, ['queued'])
      const run = await h.runs.start(alice, job, true, false)
      await waitFor(() => emu.control.liveStats().subscriptions >= 1, 'the channel subscribed')
      await emu.control.waitForPhase(job, 'queued')
      expect(emu.control.release(job)).toBe(true)
      await ready(h, run.id)
      expect(h.targets, disorder).toEqual([{ ...TARGET, readOnly: false }])
      const panel = h.panel()
      expect(panel.split(`@${TARGET.host}`).length - 1, disorder).toBe(1)
      expect(panel.split('Setting up debug tools.').length - 1, disorder).toBe(1)
      await h.dispose()
      current = undefined
      emu.control.reset()
      emu.control.setDefaultDebugScript({ ssh: TARGET })
    }
  })

  it('refused channel: the run polls and gets its session; once the channel is back it follows live again', async () => {
    const h = harness()
    const job = JOBS.matrixLinux
    emu.control.setLive({ mode: 'refuse' })
    emu.control.holdAt(job, ['started'])
    const run = await h.runs.start(alice, job, true, false)
    await waitFor(() => h.latest(run.id).step === 'started', 'the run to see the job started by polling', { timeoutMs: 10_000 })
    await waitFor(() => logReads(job) > 0, 'a poll of the log')
    expect(emu.control.liveStats().refused).toBeGreaterThan(0)
    expect(h.latest(run.id).logFeed).toBe('polling')

    emu.control.setLive({ mode: 'on' })
    await waitFor(() => emu.control.liveStats().subscriptions === 1, 'the channel subscribed once it is back', { timeoutMs: 5_000 })
    const back = lastSeq()
    expect(emu.control.release(job)).toBe(true)
    expect((await ready(h, run.id)).logFeed).toBe('live')
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
    // At most the one read that catches up on what went by while the channel was away.
    expect(logReads(job, back)).toBeLessThanOrEqual(1)
    expect(emu.control.liveStats().sent).toBeGreaterThan(0)
  })

  it('dropped channel: the run polls at once, and follows live again when the channel reconnects', async () => {
    const h = harness()
    const job = JOBS.matrixLinux
    emu.control.holdAt(job, ['started'])
    const run = await h.runs.start(alice, job, true, false)
    await waitFor(() => emu.control.liveStats().subscriptions === 1, 'the channel subscribed')
    await waitFor(() => h.latest(run.id).step === 'started', 'the job started', { timeoutMs: 10_000 })
    const beforeDrop = lastSeq()
    emu.control.dropLive()
    await waitFor(() => logReads(job, beforeDrop) > 0, 'a poll of the log after the drop')
    await waitFor(() => emu.control.liveStats().subscriptions === 2, 'the channel subscribed again', { timeoutMs: 5_000 })
    expect(emu.control.liveStats().connections).toBe(2)
    expect(emu.control.release(job)).toBe(true)
    await ready(h, run.id)
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
    expect(h.panel()).toContain(`@${TARGET.host}`)
  })

  it('a macOS job: the extra line of its tmate install counts as setting up, and the run gets its session', async () => {
    const h = harness()
    const job = JOBS.matrixOsx
    const run = await h.runs.start(alice, job, true, false)
    await ready(h, run.id)
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
    expect(h.panel()).toContain('We are setting up the debug environment. This may take a while...')
  })

  it('no key in the API config: the run polls the log as before', async () => {
    const h = harness()
    const job = JOBS.matrixLinux
    emu.control.setLive({ mode: 'no-key' })
    const run = await h.runs.start(alice, job, true, false)
    await ready(h, run.id)
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
    expect(logReads(job)).toBeGreaterThan(0)
    expect(emu.control.liveStats().connections).toBe(0)
  })

  it('private-channel authorisation: a bad token is refused, no token is 401, a user without access gets no signature', async () => {
    const auth = (token: string | undefined, body: unknown) =>
      fetch(`${emu.url}/pusher/auth`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { Authorization: `token ${token}` }) },
        body: JSON.stringify(body),
      })
    const channel = `private-job-${JOBS.matrixLinux}`
    const wrong = await auth('not-a-real-token', { socket_id: '1.2', channels: [channel] })
    expect([wrong.status, await wrong.text()]).toEqual([403, 'access denied'])
    const none = await auth(undefined, { socket_id: '1.2', channels: [channel] })
    expect([none.status, await none.text()]).toEqual([401, 'no access token supplied'])

    const client = (token: string) => new TravisClient({ apiUrl: emu.url, token, userAgent: 'shipmate-test' })
    expect(await client(SEED.users.alice.token).pusherAuth('1.2', channel)).toBe(liveSignature('1.2', channel))
    expect(await client(SEED.users.carol.token).pusherAuth('1.2', channel)).toBeUndefined()
    await expect(client('not-a-real-token').pusherAuth('1.2', channel)).rejects.toMatchObject({ kind: 'token_rejected' })
    expect(await client(SEED.users.alice.token).liveConfig()).toMatchObject({ key: LIVE_KEY, host: '127.0.0.1', port: emu.port, tls: false })
  })

  it('the live server refuses a private subscription whose signature is not for this socket', async () => {
    const pusher = new Pusher(LIVE_KEY, {
      cluster: 'mt1',
      wsHost: '127.0.0.1',
      wsPort: emu.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      channelAuthorization: { customHandler: (_params, callback) => callback(null, { auth: liveSignature('9.9', 'private-job-1') }) },
    })
    try {
      let subscribed = false
      pusher.subscribe(`private-job-${JOBS.matrixLinux}`).bind('pusher:subscription_succeeded', () => (subscribed = true))
      await waitFor(() => emu.control.liveStats().badSignatures === 1, 'the refused signature')
      expect(subscribed).toBe(false)
      expect(emu.control.liveStats().subscriptions).toBe(0)
    } finally {
      pusher.disconnect()
    }
  })
})
