import type { JobState, ProgressOutcome, ProgressStep } from '@shared/parse/job-progress'
import { backoffStep } from '../timing'

/**
 * How often a debug run reads Travis, decided from where the run is. Pure, so every decision is
 * unit-tested; the watcher only carries them out.
 *
 * Travis allows 2000 authenticated requests a minute per token, but the user may
 * follow several jobs and browse at the same time, so one run makes at most one request a second.
 * While the SSH line is awaited nearly every request is a log read: the log also shows the job
 * ending, so the job itself is read only every 10 s then.
 */
export interface PollSettings {
  /** While something can change any moment: the restart being picked up, the SSH line appearing. */
  waitingMs: number
  /** While the job sits in the queue or its VM boots: minutes can pass without news. */
  slowMs: number
  /** After the SSH line: only to notice the job ending. */
  readyMs: number
  /** How often the job itself is read while the log is what is being watched. */
  jobEveryMs: number
  /** Ceiling on this run's requests a minute, whatever the step would like. */
  maxPerMinute: number
  /** How long in `queued` before the run says Travis may be busy. */
  stuckQueuedMs: number
  /**
   * While the live channel is up the log needs no reads; the job is read this often until its log
   * starts to flow (for the queued and booting steps), and every `jobEveryMs` after.
   */
  liveJobMs: number
  /** How long a missing log part may stay missing before the log is read to fill it. */
  liveGapMs: number
  /** How long the live channel may stay down before a fresh connection is tried. */
  liveRetryMs: number
}

export const DEFAULT_POLL_SETTINGS: PollSettings = {
  waitingMs: 1_000,
  slowMs: 4_000,
  readyMs: 15_000,
  jobEveryMs: 10_000,
  maxPerMinute: 60,
  stuckQueuedMs: 3 * 60_000,
  liveJobMs: 4_000,
  liveGapMs: 1_000,
  liveRetryMs: 15_000,
}

export type RunStep = ProgressStep | ProgressOutcome

/** A streak of failed reads of one kind: `streak` counts the failures in a row. */
export interface PollTrouble {
  /** offline: no answer at all; server: Travis answered with an error of its own (5xx, garbage). */
  kind: 'offline' | 'server' | 'rate_limited'
  streak: number
}

/** Steps where the log is the news and the job state matters only to notice an end. */
const LOG_STEPS: ReadonlySet<RunStep> = new Set(['started', 'setting_up'])

export function shouldReadJob(step: RunStep, msSinceJobRead: number, settings: PollSettings): boolean {
  return !LOG_STEPS.has(step) || msSinceJobRead >= settings.jobEveryMs
}

/**
 * The log is read only once the new run shows (before that it is the old run's log, which may even
 * hold an old SSH line), while the job runs on a worker and until the SSH line is found, and once
 * more when the job has finished, for its last lines.
 */
export function shouldReadLog(input: { newRunVisible: boolean; jobState: JobState; step: RunStep; finalLogRead: boolean }): boolean {
  if (!input.newRunVisible) return false
  if (FINISHED.has(input.jobState)) return !input.finalLogRead
  return input.jobState === 'started' && input.step !== 'ready'
}

const FINISHED: ReadonlySet<JobState> = new Set(['passed', 'failed', 'errored', 'canceled'])

function baseDelay(step: RunStep, settings: PollSettings): number {
  switch (step) {
    case 'queued':
    case 'booting':
      return settings.slowMs
    case 'ready':
      return settings.readyMs
    default:
      return settings.waitingMs
  }
}

/** The pause before the next read; `requests` is what the read just done cost. */
export function nextDelay(input: { step: RunStep; requests: number; trouble?: PollTrouble }, settings: PollSettings): number {
  if (input.trouble) return backoffMs(input.trouble)
  return Math.max(baseDelay(input.step, settings), spacingMs(input.requests, settings))
}

/** The least pause after `requests` requests that keeps a run within its share of the rate limit. */
export function spacingMs(requests: number, settings: Pick<PollSettings, 'maxPerMinute'>): number {
  return Math.ceil((requests * 60_000) / settings.maxPerMinute)
}

const OFFLINE = { baseMs: 2_000, capMs: 30_000 }
/** Travis counts requests in fixed one-minute windows: past a minute the window has surely turned. */
const RATE_LIMITED = { baseMs: 15_000, capMs: 120_000 }

/** Doubling pauses: offline or server trouble 2, 4, 8 … 30 s; rate limited 15, 30, 60, 120 s. */
export function backoffMs(trouble: PollTrouble): number {
  return backoffStep(trouble.streak, trouble.kind === 'rate_limited' ? RATE_LIMITED : OFFLINE)
}

/** Since when the run counts as stuck in the queue, or undefined while it is not (yet). */
export function stuckSince(queuedSinceMs: number | undefined, nowMs: number, settings: PollSettings): number | undefined {
  if (queuedSinceMs === undefined) return undefined
  return nowMs - queuedSinceMs >= settings.stuckQueuedMs ? queuedSinceMs + settings.stuckQueuedMs : undefined
}

/**
 * With the live channel up: the log comes by itself, so the job is read only for what the log
 * cannot say. Before the log flows, at `liveJobMs` (queued, booting, stuck); once the log's last
 * part has come, soon (the job is about to finish); otherwise to notice an end.
 */
export function liveJobDelay(input: { step: RunStep; logFlowing: boolean; logComplete: boolean }, settings: PollSettings): number {
  if (input.logComplete) return settings.waitingMs
  if (!input.logFlowing) return settings.liveJobMs
  return input.step === 'ready' ? settings.readyMs : settings.jobEveryMs
}
