import type { SshLineResult } from './ssh-line'

/**
 * Where a debug restart has got, for the stepper, from two job snapshots and the log reading.
 *
 * The API answers 202 before anything changes: the hub later resets the
 * job to `created`, sets a new `restarted_at` and clears the log. Until then the job still shows
 * its old finished state and its old log, which may even hold the SSH line of an earlier debug
 * run, so nothing read from the log counts before the new run is visible.
 */

export type JobState = 'created' | 'queued' | 'received' | 'started' | 'passed' | 'failed' | 'errored' | 'canceled'

export interface JobSnapshot {
  readonly state: JobState
  readonly restartedAt: string | null
  readonly startedAt: string | null
  readonly finishedAt?: string | null
}

export type ProgressStep = 'restarting' | 'queued' | 'booting' | 'started' | 'setting_up' | 'ready'
export type ProgressOutcome = 'ended' | 'canceled' | 'finished_without_line' | 'not_available' | 'errored'

export interface DebugProgress {
  readonly step: ProgressStep | ProgressOutcome
  readonly label: string
  /** Position in `PROGRESS_STEPS`; for an outcome, the last step the job is known to have reached. */
  readonly index: number
  /** No further change is coming: the job is over or cannot give a session. */
  readonly terminal: boolean
  /** For outcomes: what happened and what the user can do. */
  readonly message?: string
}

export const PROGRESS_STEPS: ReadonlyArray<{ readonly step: ProgressStep; readonly label: string }> = [
  { step: 'restarting', label: 'Restarting the job' },
  { step: 'queued', label: 'Queued' },
  { step: 'booting', label: 'Booting the VM' },
  { step: 'started', label: 'Started' },
  { step: 'setting_up', label: 'Setting up debug tools' },
  { step: 'ready', label: 'Ready' },
]

/**
 * The label of a run Shipmate stopped following on its own (a rejected token, an unexpected error),
 * whatever the job does next: its step is `errored`, and this label tells it from a job that errored.
 */
export const STOPPED_FOLLOWING_LABEL = 'Stopped following the job'

const ACTIVE: ReadonlySet<JobState> = new Set(['created', 'queued', 'received', 'started'])

export interface ProgressInput {
  /** The job as it was read just before the debug request. */
  readonly before: JobSnapshot
  readonly latest: JobSnapshot
  /** The latest reading of the job log; undefined while no log could be read. */
  readonly log?: SshLineResult
}

export function debugProgress({ before, latest, log }: ProgressInput): DebugProgress {
  if (!isNewRun(before, latest)) return step('restarting')
  const finished = !ACTIVE.has(latest.state)
  const reached = reachedIndex(latest, log)

  if (log?.state === 'found') {
    if (!finished) return step('ready')
    if (latest.state === 'canceled') {
      return outcome('canceled', 'Canceled', reached, 'The job was canceled, which ended the debug session.')
    }
    return outcome('ended', 'Session ended', reached, 'The debug session ended: every tmate window was closed, or the job hit its time limit.')
  }
  if (log?.state === 'not_available') {
    return outcome(
      'not_available',
      'Debug environment not available',
      reached,
      'Travis printed "The debug environment is not available. Please contact support." Ask Travis support to enable debug mode for this repository.',
    )
  }
  if (finished) {
    if (latest.state === 'canceled') {
      return outcome('canceled', 'Canceled', reached, 'The job was canceled before it printed an SSH command.')
    }
    if (latest.state === 'errored') {
      return outcome('errored', 'Errored', reached, 'The job errored before it printed an SSH command. Open the job log on Travis to see why.')
    }
    return finishedWithoutLine(reached)
  }
  if (log?.state === 'finished_without_line') return finishedWithoutLine(reached)

  switch (latest.state) {
    case 'received':
      return step('booting')
    case 'started':
      return settingUp(log) ? step('setting_up') : step('started')
    default:
      return step('queued')
  }
}

/**
 * The restart shows once the job is active again or any of its run stamps changed; the hub clears
 * `started_at` and `finished_at` and sets `restarted_at`, so a fast run that already finished is
 * seen as new too.
 */
function isNewRun(before: JobSnapshot, latest: JobSnapshot): boolean {
  if (ACTIVE.has(latest.state)) return true
  if (latest.restartedAt !== null && latest.restartedAt !== before.restartedAt) return true
  if (latest.startedAt !== before.startedAt) return true
  return latest.finishedAt !== undefined && before.finishedAt !== undefined && latest.finishedAt !== before.finishedAt
}

function settingUp(log: SshLineResult | undefined): boolean {
  return log !== undefined && log.stepsSeen.some((seen) => seen === 'setting_up' || seen === 'preparing' || seen === 'ssh_prompt')
}

function reachedIndex(latest: JobSnapshot, log: SshLineResult | undefined): number {
  if (log?.state === 'found') return indexOf('ready')
  if (settingUp(log)) return indexOf('setting_up')
  if (latest.startedAt !== null || latest.state === 'started') return indexOf('started')
  if (latest.state === 'received') return indexOf('booting')
  return indexOf('queued')
}

function indexOf(target: ProgressStep): number {
  return PROGRESS_STEPS.findIndex((entry) => entry.step === target)
}

function step(target: ProgressStep): DebugProgress {
  const index = indexOf(target)
  const label = PROGRESS_STEPS[index]?.label ?? target
  return { step: target, label, index, terminal: false }
}

function outcome(target: ProgressOutcome, label: string, index: number, message: string): DebugProgress {
  return { step: target, label, index, terminal: true, message }
}

function finishedWithoutLine(reached: number): DebugProgress {
  return outcome(
    'finished_without_line',
    'Finished without an SSH command',
    reached,
    'The job finished without printing an SSH command. Open the job log on Travis to see why, then try the debug restart again.',
  )
}
