import { randomUUID } from 'node:crypto'
import type { DebugRun } from '@shared/api'
import { UserError } from '../errors'
import type { EventHub } from '../events'
import { logDelta } from './log-delta'
import { maskLog } from './log-mask'

/** One debug run as the core keeps it: the run the UI sees, its log so far, and its watcher. */
export interface RunEntry {
  run: DebugRun
  /** The log as shown in the log panel (`debug.log` chunks add up to it): tokens masked. */
  text: string
  /** The log as Travis sent it, SSH token and all: read only for the user's explicit copy. */
  raw: string
  readonly controller: AbortController
  /** Wakes the watcher from its pause, e.g. after a cancel, so the change shows at once. */
  wake: () => void
  /** The watcher's loop; resolves when it has stopped. */
  done: Promise<void>
  /** The user asked Travis to cancel the job: however the job's end then reads, it was their doing. */
  canceledByUser: boolean
}

export type RunChange = Partial<Pick<DebugRun, 'step' | 'label' | 'index' | 'terminal' | 'message' | 'stuckSince' | 'sessionId' | 'quiet' | 'logFeed'>>

/** The runs of this core; every visible change goes out as `debug.changed`, log text as `debug.log`. */
export class RunStore {
  private readonly runs = new Map<string, RunEntry>()

  constructor(private readonly events: EventHub) {}

  create(fields: Omit<DebugRun, 'id'>): RunEntry {
    const run: DebugRun = { id: randomUUID(), ...fields }
    const entry: RunEntry = { run, text: '', raw: '', controller: new AbortController(), wake: () => {}, done: Promise.resolve(), canceledByUser: false }
    this.runs.set(run.id, entry)
    this.events.emit('debug.changed', { ...run })
    return entry
  }

  get(runId: string): RunEntry {
    const entry = this.runs.get(runId)
    if (!entry) throw new UserError('That debug run is no longer in Shipmate. Start it again from the job.', 'unknown_debug_run', 'runId')
    return entry
  }

  list(): DebugRun[] {
    return [...this.runs.values()].map((entry) => ({ ...entry.run }))
  }

  all(): RunEntry[] {
    return [...this.runs.values()]
  }

  /** The run still following this job, if any. */
  activeFor(accountId: string, jobId: number): RunEntry | undefined {
    return [...this.runs.values()].find((entry) => entry.run.accountId === accountId && entry.run.jobId === jobId && !entry.run.terminal)
  }

  remove(runId: string): void {
    this.runs.delete(runId)
  }

  /** Applies a change; emits only when something the user sees changed (not the request count). */
  update(entry: RunEntry, change: RunChange): void {
    const keys = Object.keys(change) as (keyof RunChange)[]
    if (keys.every((key) => entry.run[key] === change[key])) return
    const next: DebugRun = { ...entry.run, ...change }
    // A cleared note must leave the object, not cross the wire as an explicit undefined.
    if (next.message === undefined) delete next.message
    if (next.stuckSince === undefined) delete next.stuckSince
    if (next.sessionId === undefined) delete next.sessionId
    entry.run = next
    this.events.emit('debug.changed', { ...next })
  }

  /**
   * Shows the log as it is now, masked: appends what is new, or replaces it when it was cleared
   * or rewritten (or when a held-back line turned out to be an SSH line after all).
   */
  showLog(entry: RunEntry, latest: string): void {
    entry.raw = latest
    const shown = maskLog(latest)
    const delta = logDelta(entry.text, shown)
    if (delta.kind === 'none') return
    entry.text = shown
    this.events.emit('debug.log', { runId: entry.run.id, text: delta.text, reset: delta.kind === 'reset' })
  }
}
