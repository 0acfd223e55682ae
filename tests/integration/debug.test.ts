import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DebugLogChunk, DebugRun } from '@shared/api'
import type { Core } from '../../electron/core/create-core'
import { countedApi } from '../../electron/core/debug/debug-api'
import { DebugRuns, type ReadyTarget } from '../../electron/core/debug/debug-runs'
import type { PollSettings } from '../../electron/core/debug/poll-schedule'
import { sleep } from '../../electron/core/timing'
import { createLogger } from '../../electron/core/log'
import { removeDir, startCore, tempDir } from '../support/core-harness'
import { type LifePhase, SEED, type SshTarget, type TravisEmulator, startTravisEmulator } from '../support/travis-emulator'

const JOBS = SEED.jobs
const TARGET: SshTarget = { host: 'tmate.example.test', port: 2222, token: 'Xk7mPq2RsT9vWy3Za4Bc5De6F' }

describe('debug runs against the Travis emulator', () => {
  let emu: TravisEmulator
  let dataDir: string
  let core: Core
  let alice: string
  let bob: string
  let current: Harness | undefined

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, timeline: { stepMs: 40 } })
    dataDir = await tempDir('shipmate-debug-')
    core = await startCore(dataDir)
    alice = (await core.accounts.add(emu.url, SEED.users.alice.token)).id
    bob = (await core.accounts.add(emu.url, SEED.users.bob.token)).id
  })
  afterAll(async () => {
    for (const account of await core.accounts.list()) await core.accounts.remove(account.id)
    await emu.close()
    await removeDir(dataDir)
  })
  beforeEach(() => emu.control.reset())
  afterEach(async () => {
    await current?.dispose()
    current = undefined
  })

  interface Harness {
    runs: DebugRuns
    changes: DebugRun[]
    /** The log panel as the `debug.log` chunks build it. */
    panel: () => string
    panelHistory: string[]
    /** Every pause the runs asked for, in ms, before the test shortened it. */
    delays: number[]
    logLines: string[]
    targets: ReadyTarget[]
    latest: (runId: string) => DebugRun
    until: (runId: string, done: (run: DebugRun) => boolean, what: string) => Promise<DebugRun>
    dispose: () => Promise<void>
  }

  /**
   * DebugRuns on the test's core; pauses are recorded, then cut to 25 ms so a run takes ~1 s. The
   * runs poll: this suite is about the polling path (debug-live.test.ts covers the live channel).
   */
  function harness(poll: Partial<PollSettings> = {}): Harness {
    const changes: DebugRun[] = []
    const chunks: DebugLogChunk[] = []
    const panelHistory: string[] = []
    const delays: number[] = []
    const logLines: string[] = []
    const targets: ReadyTarget[] = []
    let panel = ''
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name === 'debug.changed') changes.push(payload as DebugRun)
      if (name === 'debug.log') {
        const chunk = payload as DebugLogChunk
        chunks.push(chunk)
        panel = chunk.reset ? chunk.text : panel + chunk.text
        panelHistory.push(panel)
      }
    })
    const runs = new DebugRuns({
      accounts: core.accounts,
      events: core.events,
      log: createLogger((line) => logLines.push(line)),
      sleep: (ms, signal) => {
        delays.push(ms)
        return sleep(Math.min(ms, 25), signal)
      },
      onReady: (_run, target) => {
        targets.push(target)
        return `session-${targets.length}`
      },
      poll,
      live: false,
    })
    const latest = (runId: string): DebugRun => {
      const run = runs.list().find((candidate) => candidate.id === runId)
      if (!run) throw new Error(`run ${runId} is gone`)
      return run
    }
    const h: Harness = {
      runs,
      changes,
      panel: () => panel,
      panelHistory,
      delays,
      logLines,
      targets,
      latest,
      async until(runId, done, what) {
        for (let waited = 0; waited < 8_000; waited += 10) {
          const run = latest(runId)
          if (done(run)) return run
          if (run.terminal) throw new Error(`run ended at ${run.step} (${run.message ?? ''}) while waiting for ${what}`)
          await sleep(10)
        }
        throw new Error(`timed out waiting for ${what}; run is at ${latest(runId).step}`)
      },
      async dispose() {
        await runs.dispose()
        unsubscribe()
      },
    }
    current = h
    return h
  }

  const atStep = (step: string) => (run: DebugRun) => run.step === step
  const stepsOf = (changes: DebugRun[], runId: string): string[] =>
    changes.filter((run) => run.id === runId).map((run) => run.step).filter((step, i, all) => step !== all[i - 1])
  const debugPosts = (jobId: number) => emu.control.requests({ method: 'POST', path: `/job/${jobId}/debug` })

  it('quiet happy path: every step in order, the scripted SSH target to onReady, one JSON POST, no token in events or logs', async () => {
    const h = harness()
    const job = JOBS.passed
    emu.control.scriptDebug(job, { ssh: TARGET })
    // Held at each phase, the job shows every step however the polls fall.
    emu.control.holdAt(job, ['accepted', 'queued', 'received', 'started'])
    const run = await h.runs.start(alice, job, true, false)
    expect(run).toMatchObject({ step: 'restarting', jobNumber: '101.1', repoSlug: 'alice/private-app', quiet: true, terminal: false })
    const held: [LifePhase, string][] = [['queued', 'queued'], ['received', 'booting'], ['started', 'started']]
    for (const [phase, step] of held) {
      expect(emu.control.release(job)).toBe(true)
      await emu.control.waitForPhase(job, phase)
      await h.until(run.id, atStep(step), step)
    }
    expect(emu.control.release(job)).toBe(true)
    const ready = await h.until(run.id, atStep('ready'), 'ready')
    expect(stepsOf(h.changes, run.id)).toEqual(['restarting', 'queued', 'booting', 'started', 'setting_up', 'ready'])
    expect(ready).toMatchObject({ sessionId: 'session-1', index: 5, terminal: false })
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])

    const posts = debugPosts(job)
    expect(posts).toHaveLength(1)
    expect(posts[0]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual({ quiet: true })

    expect(h.panel()).toBe(h.runs.log(run.id).text)
    expect(h.panel()).toContain('Use the following SSH command to access the interactive debugging environment:')
    expect(JSON.stringify(h.changes)).not.toContain(TARGET.token)
    expect(JSON.stringify(h.runs.list())).not.toContain(TARGET.token)
    expect(h.logLines.join('')).not.toContain(TARGET.token)

    // After the SSH line the run only watches for the end of the job.
    emu.control.endDebugSession(job)
    const ended = await h.until(run.id, (r) => r.terminal, 'the end of the session')
    expect(ended).toMatchObject({ step: 'ended', label: 'Session ended', sessionId: 'session-1' })
    expect(h.targets).toHaveLength(1)
    expect(h.runs.log(run.id).text).toContain('This is a debug build.')
    // Every request of the run is counted, the GET before the POST included.
    expect(ended.requests).toBe(emu.control.requests({ path: new RegExp(`^/job/${job}(/|$)`) }).length)
  })

  it('echo mode sends {"quiet":false}', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { ssh: TARGET })
    const run = await h.runs.start(alice, JOBS.matrixLinux, false, false)
    expect(run.quiet).toBe(false)
    await h.until(run.id, atStep('ready'), 'ready')
    expect(debugPosts(JOBS.matrixLinux).map((post) => JSON.parse(post.body))).toEqual([{ quiet: false }])
  })

  it('a public repository: preflight says support must enable it, and the refused restart says so', async () => {
    const h = harness()
    const preflight = await h.runs.preflight(alice, JOBS.publicLibFailed)
    expect(preflight).toMatchObject({ eligibility: 'public_needs_support', repoSlug: 'alice/public-lib', jobState: 'failed' })
    expect(preflight.message).toMatch(/public: Travis enables debug mode for public repositories only on request to its support/)
    await expect(h.runs.start(alice, JOBS.publicLibFailed, true, false)).rejects.toThrow(
      /repository is public, and Travis enables debug mode for public repositories only on request to its support/,
    )
    expect(debugPosts(JOBS.publicLibFailed)).toHaveLength(1)
    expect(h.runs.list()).toEqual([])
  })

  it("no permission: bob may only read alice's private repository", async () => {
    const h = harness()
    const preflight = await h.runs.preflight(bob, JOBS.passed)
    expect(preflight.eligibility).toBe('no_permission')
    expect(preflight.message).toMatch(/^@bob lacks debug access to alice\/private-app/)
    await expect(h.runs.start(bob, JOBS.passed, true, false)).rejects.toThrow(/lacks debug access to this job/)
  })

  it('a Windows job: preflight says Travis has no debug mode there, and start refuses before any request that changes the job', async () => {
    const h = harness()
    const preflight = await h.runs.preflight(alice, JOBS.matrixWindows)
    expect(preflight.eligibility).toBe('unsupported_os')
    expect(preflight.message).toMatch(/Travis does not support debug mode on Windows/)
    await expect(h.runs.start(alice, JOBS.matrixWindows, true, true)).rejects.toThrow(/Travis does not support debug mode on Windows/)
    expect(emu.control.requests({ method: 'POST', path: `/job/${JOBS.matrixWindows}/` })).toEqual([])
    expect(h.runs.list()).toEqual([])
  })

  it('a private job with permission is available', async () => {
    const preflight = await harness().runs.preflight(alice, JOBS.matrixLinux)
    expect(preflight).toMatchObject({ eligibility: 'available', jobNumber: '104.1' })
  })

  it('a job still created: start refuses before the debug request, saying it has not finished (Travis would blame billing)', async () => {
    const h = harness()
    emu.control.setJobState(JOBS.matrixLinux, 'created')
    await expect(h.runs.start(alice, JOBS.matrixLinux, true, false)).rejects.toThrow(/^Job #104\.1 is still created: Travis restarts only finished jobs in debug mode/)
    expect(emu.control.requests({ method: 'POST' })).toEqual([])
  })

  it('a running job: preflight says so, a plain start gets the 409 message, "cancel, then debug" cancels and then restarts', async () => {
    const h = harness()
    expect((await h.runs.preflight(alice, JOBS.running)).eligibility).toBe('running')
    await expect(h.runs.start(alice, JOBS.running, true, false)).rejects.toThrow(/still running, so it cannot be restarted in debug mode. Cancel it first/)

    emu.control.scriptDebug(JOBS.running, { ssh: TARGET })
    const run = await h.runs.start(alice, JOBS.running, true, true)
    // The run remembers the cancel: the job then has no result to restore and ends errored.
    expect(run.canceledFirst).toBe(true)
    await h.until(run.id, atStep('ready'), 'ready')
    const posts = emu.control.requests({ method: 'POST', path: `/job/${JOBS.running}/` })
    expect(posts.map((post) => post.path)).toEqual([`/job/${JOBS.running}/debug`, `/job/${JOBS.running}/cancel`, `/job/${JOBS.running}/debug`])
  })

  it('"cancel, then debug" for a job that is not running cancels nothing, and the run does not say it was cancelled', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { ssh: TARGET })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, true)
    expect(run).not.toHaveProperty('canceledFirst')
    expect(emu.control.requests({ method: 'POST', path: `/job/${JOBS.matrixLinux}/cancel` })).toEqual([])
    expect((await h.runs.start(alice, JOBS.passed, true, false)).canceledFirst).toBeUndefined()
  })

  it('"The debug environment is not available" ends the run with what to do', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'not-available' })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    const over = await h.until(run.id, (r) => r.terminal, 'the end')
    expect(over).toMatchObject({ step: 'not_available', label: 'Debug environment not available' })
    expect(over.message).toMatch(/Ask Travis support/)
    expect(h.targets).toEqual([])
  })

  it('a job that ends without an SSH line says so', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'no-ssh' })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    const over = await h.until(run.id, (r) => r.terminal, 'the end')
    expect(over.step).toBe('finished_without_line')
    expect(over.message).toMatch(/finished without printing an SSH command/)
  })

  it('an SSH line cut across two log parts is seen half, and only the whole one is used', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'split-line', ssh: TARGET, stepMs: 150 })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    await h.until(run.id, atStep('ready'), 'ready')
    const half = TARGET.token.slice(0, 13)
    // The half never reaches the log panel: an unfinished SSH line waits there for its end.
    expect(h.panelHistory.filter((text) => text.includes(half))).toEqual([])
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
  })

  it('stuck in the queue: the run says so and keeps waiting; cancelling ends it as canceled', async () => {
    const h = harness({ stuckQueuedMs: 300 })
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'stuck-queued' })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    const stuck = await h.until(run.id, (r) => r.stuckSince !== undefined, 'stuck')
    expect(stuck).toMatchObject({ step: 'queued', terminal: false, message: 'Still queued after 1 s; Travis may be busy. Keep waiting or cancel.' })
    await h.runs.cancelJob(alice, JOBS.matrixLinux)
    const over = await h.until(run.id, (r) => r.terminal, 'canceled')
    expect(over.step).toBe('canceled')
    expect(over.stuckSince).toBeUndefined()
    expect(emu.control.requests({ method: 'POST', path: `/job/${JOBS.matrixLinux}/cancel` })).toHaveLength(1)
  })

  it('a 500 on the debug POST fails the start, is sent exactly once, and says why it was not retried', async () => {
    const h = harness()
    emu.control.addFault({ method: 'POST', path: '/job/*/debug', status: 500 })
    await expect(h.runs.start(alice, JOBS.matrixLinux, true, false)).rejects.toThrow(/internal error.*did not send the debug request again/)
    expect(debugPosts(JOBS.matrixLinux)).toHaveLength(1)
    expect(h.runs.list()).toEqual([])
  })

  it('other refusals of the restart each say what happened', async () => {
    const h = harness()
    await expect(h.runs.start(alice, JOBS.billingFailed, true, false)).rejects.toThrow(/billing.*insufficient credit balance/)
    emu.control.addFault({ method: 'POST', path: '/job/*/debug', status: 429 })
    await expect(h.runs.start(alice, JOBS.matrixLinux, true, false)).rejects.toThrow(/rate limiting this token/)
    emu.control.clearFaults()
    emu.control.addFault({ method: 'POST', path: '/job/*/debug', drop: true })
    await expect(h.runs.start(alice, JOBS.matrixLinux, true, false)).rejects.toThrow(/Could not reach .*may have reached Travis/)
    expect(debugPosts(JOBS.matrixLinux)).toHaveLength(2)
  })

  it('a rejected token and a migrated repository each say what to do', async () => {
    const h = harness()
    const token = emu.control.addToken('carol')
    const carol = (await core.accounts.add(emu.url, token)).id
    emu.control.revokeToken(token)
    await expect(h.runs.start(carol, JOBS.carolPassed, true, false)).rejects.toThrow(/rejected the API token.*replace it/)
    expect((await core.accounts.list()).find((account) => account.id === carol)?.tokenRejected).toBe(true)
    await core.accounts.remove(carol)

    const org = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, flavour: 'org' })
    try {
      const onOrg = (await core.accounts.add(org.url, SEED.users.alice.token)).id
      await expect(h.runs.start(onOrg, JOBS.migratedFailed, true, false)).rejects.toThrow(/moved to travis-ci.com/)
      await core.accounts.remove(onOrg)
    } finally {
      await org.close()
    }
  })

  it('dropped connections while polling: the run shows "offline, retrying", backs off and goes on', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { ssh: TARGET })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    // Three drops: the client's own three tries of one read all fail.
    emu.control.addFault({ method: 'GET', path: `/job/${JOBS.matrixLinux}`, drop: true, times: 3 })
    await h.until(run.id, atStep('ready'), 'ready')
    expect(h.changes.some((change) => /^Offline, retrying in 2 s: Could not reach/.test(change.message ?? ''))).toBe(true)
    expect(h.delays).toContain(2_000)
    expect(h.latest(run.id).message).toBeUndefined()
  })

  it('429 on polls: the run backs off for at least 15 s of its own clock and then goes on', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { ssh: TARGET })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    emu.control.addFault({ method: 'GET', path: `/job/${JOBS.matrixLinux}`, status: 429, times: 3 })
    await h.until(run.id, atStep('ready'), 'ready')
    expect(h.changes.some((change) => change.message === 'Travis is rate limiting this token; checking again in 15 s.')).toBe(true)
    expect(h.delays).toContain(15_000)
  })

  it('right after the restart the log is cleared (content null, no parts), then empty on the worker: both read as an empty log', async () => {
    const h = harness()
    const job = JOBS.matrixLinux
    emu.control.holdAt(job, ['queued', 'received'])
    const run = await h.runs.start(alice, job, true, false)
    const readLog = () => core.accounts.withClient(alice, async (client) => (await countedApi(client, () => {}).log(job)).text)
    await emu.control.waitForPhase(job, 'queued')
    expect(emu.control.jobInfo(job)?.logParts).toBe(0)
    expect(await readLog()).toBe('')
    emu.control.release(job)
    await emu.control.waitForPhase(job, 'received')
    expect(emu.control.jobInfo(job)?.logParts).toBe(0)
    expect(await readLog()).toBe('')
    await h.until(run.id, atStep('booting'), 'booting')
    emu.control.release(job)
    await h.until(run.id, atStep('ready'), 'ready')
    expect(h.panelHistory[0]).toMatch(/^travis_fold:start:worker_info/)
  })

  it('cancelJob on a finished job says there is nothing to cancel', async () => {
    await expect(harness().runs.cancelJob(alice, JOBS.passed)).rejects.toThrow('This job has already finished, so there is nothing to cancel.')
  })

  it('deleteLog removes a finished job log, and refuses with a reason while the job runs', async () => {
    const h = harness()
    await h.runs.deleteLog(alice, JOBS.passed)
    expect(emu.control.requests({ method: 'DELETE', path: `/job/${JOBS.passed}/log` })).toHaveLength(1)
    const log = await core.handle('browse.log', { accountId: alice, jobId: JOBS.passed })
    expect(log.content).toMatch(/^Log removed by Alice Liddell at /)
    // Deleting it again is no failure: the log is gone, as wanted.
    await h.runs.deleteLog(alice, JOBS.passed)
    await expect(h.runs.deleteLog(alice, JOBS.running)).rejects.toThrow(/still running: Travis removes a log only once the job has finished/)
  })

  it('follow (--no-restart) picks up a restart made elsewhere, and refuses a job that is not running', async () => {
    const h = harness()
    await expect(h.runs.follow(alice, JOBS.passed)).rejects.toThrow(/is not running \(it is passed\)/)
    emu.control.scriptDebug(JOBS.passed, { ssh: TARGET })
    const response = await fetch(`${emu.url}/job/${JOBS.passed}/debug`, {
      method: 'POST',
      headers: { 'Travis-API-Version': '3', Authorization: `token ${SEED.users.alice.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ quiet: true }),
    })
    expect(response.status).toBe(202)
    await emu.control.waitForPhase(JOBS.passed, 'ssh-ready')
    const run = await h.runs.follow(alice, JOBS.passed)
    await h.until(run.id, atStep('ready'), 'ready')
    expect(h.targets).toEqual([{ ...TARGET, readOnly: false }])
    expect(debugPosts(JOBS.passed)).toHaveLength(1)
  })

  it('dismiss stops the polling and forgets the run; a second start for a followed job is refused', async () => {
    const h = harness()
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'stuck-queued' })
    const run = await h.runs.start(alice, JOBS.matrixLinux, true, false)
    await h.until(run.id, atStep('queued'), 'queued')
    await expect(h.runs.start(alice, JOBS.matrixLinux, true, false)).rejects.toThrow(/already following job #104.1/)
    h.runs.dismiss(run.id)
    expect(h.runs.list()).toEqual([])
    expect(() => h.runs.log(run.id)).toThrow(/no longer in Shipmate/)
    await sleep(100)
    const seen = emu.control.requests().length
    await sleep(200)
    expect(emu.control.requests().length).toBe(seen)
  })
})
