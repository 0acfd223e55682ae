import type { DebugRun } from '@shared/api'
import { type DebugProgress, type JobSnapshot, debugProgress } from '@shared/parse/job-progress'
import { type SshLineResult, findSshLine } from '@shared/parse/ssh-line'
import { isUserError } from '../errors'
import type { Logger } from '../log'
import { TravisError, isTravisError } from '../travis/travis-error'
import type { DebugApi } from './debug-api'
import { isFinished, snapshotOf } from './job-snapshot'
import { canceledByYou, stuckMessage, troubleMessage } from './messages'
import { type PollSettings, type PollTrouble, type RunStep, backoffMs, nextDelay, shouldReadJob, shouldReadLog, stuckSince } from './poll-schedule'
import type { RunChange, RunEntry, RunStore } from './run-store'
import type { Sleep } from './sleep'

export interface ReadyTarget {
  host: string
  port: number
  token: string
  readOnly: boolean
}

/** Told once when the SSH line is found; returns the id of the session opened on it, if any. */
export type OnReady = (run: DebugRun, target: ReadyTarget) => string | undefined

export interface WatchDeps {
  api: DebugApi
  store: RunStore
  entry: RunEntry
  /** The job as it was before the debug request (or when following began). */
  before: JobSnapshot
  settings: PollSettings
  now: () => Date
  sleep: Sleep
  log: Logger
  onReady: OnReady | undefined
}

/**
 * Follows one debug run: reads the job and its log at the pace poll-schedule decides, turns them
 * into the stepper's step, and stops when the job is over or cannot give a session. Network
 * trouble and rate limits pause it (with a note on the run) rather than end it.
 *
 * The SSH token lives only in `logResult` and goes out only through `onReady`: the run, the
 * events and the log lines written here never carry it.
 */
export class Watcher {
  private step: RunStep = 'restarting'
  private latest: JobSnapshot
  private logResult: SshLineResult | undefined
  private lastJobReadMs = Number.NEGATIVE_INFINITY
  private finalLogRead = false
  private queuedSinceMs: number | undefined
  private trouble: PollTrouble | undefined
  private readyHandled = false
  /** Stays on the run once set: opening the terminal failed. */
  private sessionNote: string | undefined

  constructor(private readonly deps: WatchDeps) {
    this.latest = deps.before
  }

  /**
   * Runs until the run is terminal or aborted. Rejects only with a token error (after marking the
   * run), so that the accounts store can mark the account's token as rejected.
   */
  async run(firstDelayMs: number): Promise<void> {
    const { entry, store, settings } = this.deps
    const signal = entry.controller.signal
    let delay = firstDelayMs
    for (;;) {
      await this.pause(delay, signal)
      if (signal.aborted) return
      try {
        const requests = await this.tick(signal)
        this.trouble = undefined
        if (entry.run.terminal) return
        delay = nextDelay({ step: this.step, requests }, settings)
      } catch (error) {
        if (signal.aborted) return
        const kind = troubleKind(error)
        if (!kind) return this.giveUp(error)
        this.trouble = { kind, streak: this.trouble?.kind === kind ? this.trouble.streak + 1 : 1 }
        delay = backoffMs(this.trouble)
        const reason = error instanceof Error ? error.message : String(error)
        if (this.trouble.streak === 1) this.deps.log.warn(`debug: job ${entry.run.jobId}: ${this.trouble.kind}, pausing polls`)
        store.update(entry, { message: troubleMessage(this.trouble, delay, reason) })
      }
    }
  }

  private async tick(signal: AbortSignal): Promise<number> {
    const { api, entry, store, before } = this.deps
    const jobId = entry.run.jobId
    let requests = 0
    if (shouldReadJob(this.step, this.nowMs() - this.lastJobReadMs, this.deps.settings)) {
      this.latest = snapshotOf(await api.job(jobId, signal))
      this.lastJobReadMs = this.nowMs()
      requests += 1
    }
    const newRunVisible = debugProgress({ before, latest: this.latest }).step !== 'restarting'
    if (shouldReadLog({ newRunVisible, jobState: this.latest.state, step: this.step, finalLogRead: this.finalLogRead })) {
      const finished = isFinished(this.latest.state)
      const text = await api.logText(jobId, signal)
      requests += 1
      this.finalLogRead = finished
      store.showLog(entry, text)
      this.logResult = findSshLine(text, { jobFinished: finished })
    }
    this.apply(debugProgress({ before, latest: this.latest, log: this.logResult }))
    return requests
  }

  private apply(reading: DebugProgress): void {
    const { entry, store, settings } = this.deps
    const progress = entry.canceledByUser ? this.asCanceled(reading) : reading
    const nowMs = this.nowMs()
    this.step = progress.step
    this.queuedSinceMs = progress.step === 'queued' ? (this.queuedSinceMs ?? nowMs) : undefined
    const stuckAt = stuckSince(this.queuedSinceMs, nowMs, settings)
    const mode = this.logResult?.mode
    const change: RunChange = {
      step: progress.step,
      label: progress.label,
      index: progress.index,
      terminal: progress.terminal,
      message: progress.message ?? (stuckAt === undefined ? this.sessionNote : stuckMessage(settings.stuckQueuedMs)),
      stuckSince: stuckAt === undefined ? undefined : new Date(stuckAt).toISOString(),
      ...(mode && { quiet: mode === 'quiet' }),
    }
    if (progress.step === 'ready' && !this.readyHandled) {
      this.readyHandled = true
      this.deps.log.info(`debug: job ${entry.run.jobId} printed its SSH command`)
      const sessionId = this.openSession({ ...entry.run, ...change })
      if (sessionId !== undefined) change.sessionId = sessionId
      change.message ??= this.sessionNote
    }
    store.update(entry, change)
    if (progress.terminal) this.deps.log.info(`debug: job ${entry.run.jobId} run ended: ${progress.step}`)
  }

  /**
   * After the user's cancel the job's end can read as "finished without an SSH command" (the log's
   * footer shows before the job's state does) or as errored: it was the cancel, and the run says so.
   */
  private asCanceled(progress: DebugProgress): DebugProgress {
    // Travis's own "not available" answer is news the user still needs.
    if (!progress.terminal || progress.step === 'not_available') return progress
    return { ...progress, step: 'canceled', label: 'Canceled', message: canceledByYou(this.readyHandled) }
  }

  private openSession(run: DebugRun): string | undefined {
    const ssh = this.logResult?.ssh
    if (!ssh || !this.deps.onReady) return undefined
    try {
      return this.deps.onReady(run, { host: ssh.host, port: ssh.port, token: ssh.token, readOnly: ssh.readOnly })
    } catch (error) {
      // The error may come from the SSH side and name the session: only its kind is logged.
      this.deps.log.error(`debug: opening a terminal for job ${run.jobId} failed (${error instanceof Error ? error.name : 'unknown'})`)
      this.sessionNote = 'Shipmate could not open a terminal on the session; the SSH command is in the job log.'
      return undefined
    }
  }

  private giveUp(error: unknown): void {
    const { entry, store, log } = this.deps
    const message = isUserError(error)
      ? error.message
      : 'Shipmate stopped following the job after an unexpected error; the details are in its log. The job itself goes on.'
    if (!isUserError(error)) log.error(`debug: following job ${entry.run.jobId} failed`, error)
    store.update(entry, { step: 'errored', label: 'Stopped following the job', terminal: true, message, stuckSince: undefined })
    if (isTravisError(error, 'token_rejected') || isTravisError(error, 'login_required')) throw error
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    const wake = new AbortController()
    this.deps.entry.wake = () => wake.abort()
    return ms <= 0 ? Promise.resolve() : this.deps.sleep(ms, AbortSignal.any([signal, wake.signal]))
  }

  private nowMs(): number {
    return this.deps.now().getTime()
  }
}

/** Failures worth waiting out; anything else ends the run with its message. */
function troubleKind(error: unknown): PollTrouble['kind'] | undefined {
  if (!(error instanceof TravisError)) return undefined
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return 'offline'
    case 'server':
    case 'bad_response':
      return 'server'
    case 'rate_limited':
      return 'rate_limited'
    default:
      return undefined
  }
}
