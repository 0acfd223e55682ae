import type { DebugRun } from '@shared/api'
import { type DebugProgress, type JobSnapshot, STOPPED_FOLLOWING_LABEL, debugProgress } from '@shared/parse/job-progress'
import { type SshLineResult, findSshLine } from '@shared/parse/ssh-line'
import { isUserError } from '../errors'
import type { Logger } from '../log'
import type { LiveConfig } from '../travis/live-config'
import { TravisError, isTravisError } from '../travis/travis-error'
import type { DebugApi, LogReading } from './debug-api'
import { isFinished, snapshotOf } from './job-snapshot'
import type { LiveChannel, LiveConnector, LiveState } from './live-log'
import { LogAssembler, type LogPart } from './log-parts'
import { canceledByYou, stuckMessage, troubleMessage } from './messages'
import {
  type PollSettings,
  type PollTrouble,
  type RunStep,
  backoffMs,
  liveJobDelay,
  nextDelay,
  shouldReadJob,
  shouldReadLog,
  spacingMs,
  stuckSince,
} from './poll-schedule'
import type { RunChange, RunEntry, RunStore } from './run-store'
import type { Sleep } from '../timing'

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
  /** Travis's live log channel, when its API announced one; without it the log is polled. */
  live?: { connect: LiveConnector; config: LiveConfig; privateChannel: boolean }
}

/**
 * Follows one debug run: reads the job and its log at the pace poll-schedule decides, turns them
 * into the stepper's step, and stops when the job is over or cannot give a session. Network
 * trouble and rate limits pause it (with a note on the run) rather than end it.
 *
 * With Travis's live channel subscribed, the log's parts are pushed as they are stored and the log
 * is not polled: a part wakes the loop at once. Whenever the channel is not subscribed (no key,
 * refused, dropped, blocked) the log is polled as without it, and when the channel comes back the
 * log is read once more for the parts that went past meanwhile. Parts are assembled by number.
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
  private channel: LiveChannel | undefined
  private readonly parts = new LogAssembler()
  /** Text last handed to the log panel and read for the SSH line. */
  /** When the first live part came; the job is on a worker from then on. */
  private liveSinceMs: number | undefined
  /** Subscribed again (or for the first time): parts may have gone by that only a read can show. */
  private needsCatchUp = false
  private gapSinceMs: number | undefined
  /** Something happened while a read was in flight: the next pause is skipped. */
  private woken = false

  /** When following began: with the channel up, the first job read waits `liveJobMs` from here. */
  private readonly startedMs: number

  constructor(private readonly deps: WatchDeps) {
    this.latest = deps.before
    this.startedMs = deps.now().getTime()
  }

  /**
   * Runs until the run is terminal or aborted. Rejects only with a token error (after marking the
   * run), so that the accounts store can mark the account's token as rejected.
   */
  async run(firstDelayMs: number): Promise<void> {
    this.openChannel()
    try {
      await this.follow(firstDelayMs)
    } finally {
      this.channel?.close()
    }
  }

  private async follow(firstDelayMs: number): Promise<void> {
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
        delay = this.live ? this.liveDelay(requests) : nextDelay({ step: this.step, requests }, settings)
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
    const { api, entry, before, settings } = this.deps
    const jobId = entry.run.jobId
    const live = this.live
    const nowMs = this.nowMs()
    let requests = 0
    if (live ? nowMs - this.liveJobClock() >= this.liveJobDelay() : shouldReadJob(this.step, nowMs - this.lastJobReadMs, settings)) {
      this.latest = snapshotOf(await api.job(jobId, signal))
      this.lastJobReadMs = this.nowMs()
      requests += 1
    }
    const latest = this.withLiveEvidence(this.latest)
    const newRunVisible = debugProgress({ before, latest }).step !== 'restarting'
    const finished = isFinished(latest.state)
    const schedule = { newRunVisible, jobState: latest.state, step: this.step, finalLogRead: this.finalLogRead }
    let text: string | undefined
    if (live) {
      const read =
        newRunVisible && (this.gapOverdue(this.needsCatchUp && shouldReadLog(schedule)) || (finished && !this.finalLogRead && !this.parts.complete))
      if (read) {
        this.adopt(await api.log(jobId, signal))
        requests += 1
      }
      if (finished && (read || this.parts.complete)) this.finalLogRead = true
      if (newRunVisible && !this.parts.empty) text = this.parts.text
    } else if (shouldReadLog(schedule)) {
      const reading = await api.log(jobId, signal)
      requests += 1
      this.adopt(reading)
      this.finalLogRead = finished
      text = reading.text
    }
    // The store keeps the raw text last shown: an unchanged log is not masked and searched again.
    if (text !== undefined && (text !== entry.raw || this.logResult === undefined || finished)) {
      this.deps.store.showLog(entry, text)
      this.logResult = findSshLine(text, { jobFinished: finished })
    }
    this.apply(debugProgress({ before, latest, log: this.logResult }))
    return requests
  }

  private get live(): boolean {
    return this.channel?.state === 'subscribed'
  }

  private openChannel(): void {
    const { live, api, entry, settings } = this.deps
    if (!live) return
    const signal = entry.controller.signal
    this.channel = live.connect({
      config: live.config,
      jobId: entry.run.jobId,
      privateChannel: live.privateChannel,
      authorize: (socketId, channel) => api.pusherAuth(socketId, channel, signal),
      onPart: (part) => this.onLivePart(part),
      onState: (state) => this.onLiveState(state),
      retryMs: settings.liveRetryMs,
    })
  }

  private onLivePart(part: LogPart): void {
    if (!this.parts.add(part)) return
    this.liveSinceMs ??= this.nowMs()
    // Everything up to this part is here, with the channel up since: nothing went by unseen.
    if (!this.parts.hasGap) this.needsCatchUp = false
    this.nudge()
  }

  private onLiveState(state: LiveState): void {
    const jobId = this.deps.entry.run.jobId
    if (state === 'subscribed') {
      this.needsCatchUp = true
      this.deps.log.info(`debug: job ${jobId}: following the log live`)
    } else if (state === 'down') {
      this.deps.log.info(`debug: job ${jobId}: live log unavailable, polling`)
    }
    this.nudge()
  }

  /** A poll's parts join the live ones; a log without parts (an archived one) is its part 0. */
  private adopt(reading: LogReading): void {
    this.needsCatchUp = false
    if (reading.parts.length > 0) for (const part of reading.parts) this.parts.add(part)
    else if (reading.text !== '') this.parts.add({ number: 0, content: reading.text, final: false })
  }

  /**
   * A live part is news that the new run is on a worker, even before a read of the job shows it:
   * parts published after the debug request can only be the new run's.
   */
  private withLiveEvidence(latest: JobSnapshot): JobSnapshot {
    if (this.liveSinceMs === undefined || this.lastJobReadMs >= this.liveSinceMs) return latest
    return { ...latest, state: 'started' }
  }

  /**
   * A part is missing (after a later one came, or, `maybeMissed`, before the channel was up while
   * the job ran): the live channel gets `liveGapMs` to bring it, then the log is read.
   */
  private gapOverdue(maybeMissed: boolean): boolean {
    if (!this.parts.hasGap && !maybeMissed) {
      this.gapSinceMs = undefined
      return false
    }
    this.gapSinceMs ??= this.nowMs()
    return this.nowMs() - this.gapSinceMs >= this.deps.settings.liveGapMs
  }

  /**
   * With the channel up, the SSH line no longer waits for any read: the job is read only for the
   * stepper's early steps and the end, counted from the last read or, before any, from the start.
   */
  private liveJobClock(): number {
    return Math.max(this.lastJobReadMs, this.startedMs)
  }

  private liveJobDelay(): number {
    return liveJobDelay({ step: this.step, logFlowing: this.liveSinceMs !== undefined, logComplete: this.parts.complete }, this.deps.settings)
  }

  /** Until the next job read or the end of a gap's grace, whichever is first; live parts wake it earlier. */
  private liveDelay(requests: number): number {
    const { settings } = this.deps
    const nowMs = this.nowMs()
    let delay = this.liveJobClock() + this.liveJobDelay() - nowMs
    if (this.gapSinceMs !== undefined) delay = Math.min(delay, this.gapSinceMs + settings.liveGapMs - nowMs)
    return Math.max(spacingMs(requests, settings), delay, 0)
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
      logFeed: this.live ? 'live' : 'polling',
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
    store.update(entry, { step: 'errored', label: STOPPED_FOLLOWING_LABEL, terminal: true, message, stuckSince: undefined })
    if (isTravisError(error, 'token_rejected') || isTravisError(error, 'login_required')) throw error
  }

  /**
   * Sleeps `ms`; `entry.wake()` (a cancel, a live part, the channel changing) cuts the sleep short,
   * and one that comes while a read is in flight skips the next sleep.
   */
  private pause(ms: number, signal: AbortSignal): Promise<void> {
    const { entry } = this.deps
    const afterward = (): void => {
      entry.wake = () => {
        this.woken = true
      }
    }
    if (this.woken || ms <= 0) {
      this.woken = false
      afterward()
      return Promise.resolve()
    }
    const wake = new AbortController()
    entry.wake = () => wake.abort()
    return this.deps.sleep(ms, AbortSignal.any([signal, wake.signal])).then(afterward)
  }

  private nudge(): void {
    this.deps.entry.wake()
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
