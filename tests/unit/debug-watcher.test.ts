import { describe, expect, it } from 'vitest'
import type { DebugRun } from '@shared/api'
import type { DebugApi } from '../../electron/core/debug/debug-api'
import { DEFAULT_POLL_SETTINGS } from '../../electron/core/debug/poll-schedule'
import { RunStore } from '../../electron/core/debug/run-store'
import { type ReadyTarget, Watcher } from '../../electron/core/debug/watcher'
import { EventHub } from '../../electron/core/events'
import { createLogger } from '../../electron/core/log'
import { TravisError } from '../../electron/core/travis/travis-error'
import type { V3Job } from '../../electron/core/travis/v3-types'

const E = '\x1b'
const TOKEN = 'Xk7mPq2RsT9vWy3Za4Bc5De6F'
const BEFORE: V3Job = { '@type': 'job', id: 8, number: '3.1', state: 'failed', restarted_at: null, started_at: '2026-01-01T09:00:00Z', finished_at: '2026-01-01T09:05:00Z' }
const RESTARTED = { restarted_at: '2026-01-01T10:00:00Z', started_at: null, finished_at: null }
const at = (state: string, extra: Partial<V3Job> = {}): V3Job => ({ ...BEFORE, ...RESTARTED, state, ...extra })
const SSH_LOG = [
  `${E}[33;1mDebug build initiated by octocat${E}[0m`,
  `${E}[33;1mSetting up debug tools.${E}[0m`,
  'Preparing debug sessions.',
  `${E}[33;1mUse the following SSH command to access the interactive debugging environment:${E}[0m`,
  `${E}[32;1mssh ${TOKEN}@nyc1.tmate.io${E}[0m`,
  '',
].join('\r\n')

type Answer<T> = T | Error

/** A Travis that answers each read from a script; the last answer repeats. */
function scriptedApi(jobs: Answer<V3Job>[], logs: Answer<string>[] = ['']): DebugApi & { calls: string[] } {
  const take = <T>(queue: Answer<T>[]): T => {
    const next = queue.length > 1 ? queue.shift() : queue[0]
    if (next instanceof Error) throw next
    if (next === undefined) throw new Error('script is empty')
    return next
  }
  const calls: string[] = []
  const unused = (): never => {
    throw new Error('not used by the watcher')
  }
  return {
    calls,
    job: async () => {
      calls.push('job')
      return take(jobs)
    },
    log: async () => {
      calls.push('log')
      return { text: take(logs), parts: [] }
    },
    liveConfig: unused,
    pusherAuth: unused,
    repo: unused,
    debug: unused,
    cancel: unused,
    deleteLog: unused,
  }
}

/** A watcher on a fake clock that moves only when the watcher pauses. */
function watch(api: DebugApi, options: { onReady?: (run: DebugRun, target: ReadyTarget) => string | undefined; maxPauses?: number } = {}) {
  const events = new EventHub()
  const changes: DebugRun[] = []
  events.subscribe((name, payload) => {
    if (name === 'debug.changed') changes.push(payload as DebugRun)
  })
  const store = new RunStore(events)
  const entry = store.create({
    accountId: 'a',
    jobId: 8,
    jobNumber: '3.1',
    repoSlug: 'octo/app',
    quiet: true,
    step: 'restarting',
    label: 'Restarting the job',
    index: 0,
    terminal: false,
    requests: 0,
    startedAt: new Date(0).toISOString(),
  })
  let clock = Date.parse('2026-01-01T10:00:00Z')
  const pauses: number[] = []
  const logLines: string[] = []
  const watcher = new Watcher({
    api,
    store,
    entry,
    before: { state: 'failed', restartedAt: null, startedAt: BEFORE.started_at ?? null, finishedAt: BEFORE.finished_at ?? null },
    settings: DEFAULT_POLL_SETTINGS,
    now: () => new Date(clock),
    sleep: async (ms) => {
      pauses.push(ms)
      clock += ms
      // A runaway loop fails the test instead of hanging it.
      if (pauses.length > (options.maxPauses ?? 500)) entry.controller.abort()
    },
    log: createLogger((line) => logLines.push(line)),
    onReady: options.onReady,
  })
  return { entry, changes, pauses, logLines, done: watcher.run(0) }
}

describe('the debug watcher', () => {
  it('follows a restart to the SSH line at the step pace, reading the log only once the job runs', async () => {
    const targets: ReadyTarget[] = []
    const api = scriptedApi(
      [BEFORE, at('created'), at('queued'), at('received'), at('started', { started_at: '2026-01-01T10:01:00Z' }), at('started'), at('failed', { finished_at: '2026-01-01T10:30:00Z' })],
      ['', SSH_LOG.split('\r\n').slice(0, 2).join('\r\n') + '\r\n', SSH_LOG, SSH_LOG],
    )
    const w = watch(api, {
      onReady: (_run, target) => {
        targets.push(target)
        return 'session-7'
      },
    })
    await w.done
    const steps = w.changes.map((run) => run.step).filter((step, i, all) => step !== all[i - 1])
    expect(steps).toEqual(['restarting', 'queued', 'booting', 'started', 'setting_up', 'ready', 'ended'])
    expect(targets).toEqual([{ host: 'nyc1.tmate.io', port: 22, token: TOKEN, readOnly: false }])
    expect(w.entry.run).toMatchObject({ step: 'ended', sessionId: 'session-7', terminal: true })
    // Without a live channel the log is polled, which stops at Ready: the log pane says so.
    expect(w.changes.find((run) => run.step === 'ready')?.logFeed).toBe('polling')
    expect(api.calls.slice(0, 5)).toEqual(['job', 'job', 'job', 'job', 'job'])
    // 1 s while restarting (one run's ceiling is 60 a minute), 4 s queued and booting, 15 s once ready.
    expect(w.pauses.slice(0, 4)).toEqual([1_000, 4_000, 4_000, 4_000])
    expect(w.pauses).toContain(15_000)
    expect(JSON.stringify(w.changes)).not.toContain(TOKEN)
    expect(w.logLines.join('')).not.toContain(TOKEN)
  })

  it('a job the user cancelled ends as cancelled by them, even when its log ends before its state catches up', async () => {
    const footer = `${E}[33;1mSetting up debug tools.${E}[0m\r\nDone. Your build exited with 1.\r\n`
    const api = scriptedApi([BEFORE, at('started', { started_at: '2026-01-01T10:01:00Z' })], ['', footer])
    const w = watch(api)
    w.entry.canceledByUser = true
    await w.done
    expect(w.entry.run).toMatchObject({ step: 'canceled', label: 'Canceled', terminal: true })
    expect(w.entry.run.message).toMatch(/^You cancelled the job/)
    expect(w.entry.run.message).not.toMatch(/without printing/)
  })

  it('a job that ends by itself still says so', async () => {
    const footer = `${E}[33;1mSetting up debug tools.${E}[0m\r\nDone. Your build exited with 1.\r\n`
    const w = watch(scriptedApi([BEFORE, at('started', { started_at: '2026-01-01T10:01:00Z' })], ['', footer]))
    await w.done
    expect(w.entry.run).toMatchObject({ step: 'finished_without_line', terminal: true })
    expect(w.entry.run.message).toMatch(/finished without printing an SSH command/)
  })

  it('offline: says so, doubles its pause, and clears the note once Travis answers', async () => {
    const offline = new TravisError('network', 'Could not reach api.example: the connection was refused. Check your connection.')
    const api = scriptedApi([at('queued'), offline, offline, offline, at('failed', { finished_at: '2026-01-01T10:30:00Z' })])
    const w = watch(api)
    await w.done
    expect(w.pauses.slice(1, 4)).toEqual([2_000, 4_000, 8_000])
    const notes = w.changes.map((run) => run.message).filter((message) => message?.startsWith('Offline'))
    expect(notes).toEqual([
      'Offline, retrying in 2 s: Could not reach api.example: the connection was refused. Check your connection.',
      'Offline, retrying in 4 s: Could not reach api.example: the connection was refused. Check your connection.',
      'Offline, retrying in 8 s: Could not reach api.example: the connection was refused. Check your connection.',
    ])
    expect(w.entry.run).toMatchObject({ step: 'finished_without_line', terminal: true })
    expect(w.logLines.filter((line) => line.includes('offline'))).toHaveLength(1)
  })

  it('a 500 is "Travis is having trouble", not "offline"', async () => {
    const api = scriptedApi([at('queued'), new TravisError('server', 'api.example had an internal error (HTTP 500). Try again in a moment.'), at('canceled')])
    const w = watch(api)
    await w.done
    expect(w.changes.some((run) => run.message?.startsWith('Travis is having trouble, retrying in 2 s'))).toBe(true)
    expect(w.entry.run.step).toBe('canceled')
  })

  it('stuck in the queue for 3 minutes: sets stuckSince once and keeps waiting', async () => {
    const queued = Array.from({ length: 60 }, () => at('queued'))
    const w = watch(scriptedApi([...queued, at('received')]), { maxPauses: 61 })
    await w.done
    const stuck = w.changes.filter((run) => run.stuckSince !== undefined)
    expect(stuck[0]).toMatchObject({ step: 'queued', terminal: false, message: 'Still queued after 3 min; Travis may be busy. Keep waiting or cancel.' })
    expect(new Set(stuck.map((run) => run.stuckSince)).size).toBe(1)
    expect(w.entry.run).toMatchObject({ step: 'booting' })
    expect(w.entry.run.stuckSince).toBeUndefined()
    expect(w.entry.run.message).toBeUndefined()
  })

  it('a rejected token ends the run with the reason and is passed on, so the account is marked', async () => {
    const rejected = new TravisError('token_rejected', 'api.example rejected the API token. Replace it.')
    const w = watch(scriptedApi([at('queued'), rejected]))
    await expect(w.done).rejects.toBe(rejected)
    expect(w.entry.run).toMatchObject({ step: 'errored', label: 'Stopped following the job', terminal: true, message: 'api.example rejected the API token. Replace it.' })
  })

  it('a job that vanished ends the run with the reason; a bug ends it without details', async () => {
    const gone = watch(scriptedApi([new TravisError('not_found', 'Job was not found, or this account cannot see it.')]))
    await gone.done
    expect(gone.entry.run).toMatchObject({ terminal: true, message: 'Job was not found, or this account cannot see it.' })
    const bug = watch(scriptedApi([new TypeError('x is undefined')]))
    await bug.done
    expect(bug.entry.run.message).toMatch(/^Shipmate stopped following the job after an unexpected error/)
    expect(bug.logLines.join('')).toContain('TypeError: x is undefined')
  })

  it('a failing onReady leaves a note, not the token', async () => {
    const w = watch(scriptedApi([at('started'), at('started')], [SSH_LOG]), {
      maxPauses: 3,
      onReady: () => {
        throw new Error(`ssh ${TOKEN}@nyc1.tmate.io refused`)
      },
    })
    await w.done
    expect(w.entry.run).toMatchObject({ step: 'ready', message: 'Shipmate could not open a terminal on the session; the SSH command is in the job log.' })
    expect(w.entry.run.sessionId).toBeUndefined()
    expect(w.logLines.join('')).not.toContain(TOKEN)
  })
})
