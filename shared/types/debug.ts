/** Restarting a job in debug mode and following it to its SSH line. */

export type DebugEligibility = 'available' | 'public_needs_support' | 'no_permission' | 'running' | 'read_only_endpoint' | 'unsupported_os'

export interface DebugPreflight {
  accountId: string
  jobId: number
  jobNumber: string
  repoSlug: string
  jobState: string
  eligibility: DebugEligibility
  /** What the eligibility means and what the user can do. */
  message: string
}

export interface DebugRun {
  id: string
  accountId: string
  jobId: number
  jobNumber: string
  repoSlug: string
  quiet: boolean
  /**
   * Shipmate cancelled the running job before restarting it in debug mode ("Cancel, then debug").
   * Travis then has no earlier result to put back after the session, so the job ends errored.
   * Absent on runs that cancelled nothing, and on runs recorded before the field existed.
   */
  canceledFirst?: boolean
  /** A step of PROGRESS_STEPS or an outcome (shared/parse/job-progress.ts). */
  step: string
  label: string
  index: number
  terminal: boolean
  message?: string
  /** Set while the job has sat in the queue for long: the user may keep waiting or cancel. */
  stuckSince?: string
  sessionId?: string
  /**
   * How the job log reaches Shipmate: pushed over Travis's live channel, or read by polling the API,
   * which stops at Ready and reads the log once more when the job ends. Set from the first read on.
   */
  logFeed?: 'live' | 'polling'
  /** API requests made by this run so far. */
  requests: number
  startedAt: string
}

export interface DebugLogChunk {
  runId: string
  /** Raw log text (ANSI, folds) to append, or the whole log when `reset`. */
  text: string
  reset: boolean
}
