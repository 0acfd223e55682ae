import type { PollTrouble } from './poll-schedule'

/** What a debug run tells the user while it waits or when it stops, in one place. */

export function duration(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`
  const minutes = Math.round(ms / 60_000)
  return `${minutes} min`
}

export function stuckMessage(queuedMs: number): string {
  return `Still queued after ${duration(queuedMs)}; Travis may be busy. Keep waiting or cancel.`
}

export function troubleMessage(trouble: PollTrouble, nextMs: number, reason: string): string {
  if (trouble.kind === 'rate_limited') return `Travis is rate limiting this token; checking again in ${duration(nextMs)}.`
  if (trouble.kind === 'server') return `Travis is having trouble, retrying in ${duration(nextMs)}: ${reason}`
  return `Offline, retrying in ${duration(nextMs)}: ${reason}`
}

export const READ_ONLY_ENDPOINT =
  'travis-ci.org is read-only since June 2021: its jobs cannot be restarted in debug mode. If the repository moved to travis-ci.com, add a travis-ci.com account and debug it there.'

export const NO_SSH_COMMAND_YET =
  'The job log shows no SSH command yet: Travis prints it once the debug VM is up. Try again once the stepper shows Ready.'

export const ALREADY_FINISHED = 'This job has already finished, so there is nothing to cancel.'

export const LOG_WHILE_RUNNING =
  'The job is still running: Travis removes a log only once the job has finished. Cancel the job first, then delete its log.'

export function alreadyFollowing(jobNumber: string): string {
  return `Shipmate is already following job #${jobNumber} in debug mode. Cancel or dismiss that run first.`
}

export function notRunning(jobNumber: string, state: string): string {
  return `Job #${jobNumber} is not running (it is ${state}), so there is no debug restart to follow. Start one instead (without --no-restart).`
}

/** A job not finished yet (`created`, `queued`, `received`, `started`): Travis restarts only finished jobs. */
export function stillActive(jobNumber: string, state: string): string {
  return `Job #${jobNumber} is still ${state}: Travis restarts only finished jobs in debug mode. Cancel it first ("Cancel, then debug"), or wait until it finishes.`
}

export function cancelTooSlow(jobNumber: string, waitedMs: number): string {
  return `Job #${jobNumber} was still not canceled after ${duration(waitedMs)}. Travis may be busy: try "Debug" again in a moment.`
}

/**
 * A debug POST that failed without a clear answer may still have reached Travis; sending it again
 * could restart the job twice, so the user decides.
 */
export function uncertainDebugRequest(reason: string): string {
  return `${reason} Shipmate did not send the debug request again: it may have reached Travis. Look at the job before you try again.`
}

/** The run's end after the user's own cancel: whatever the job's last state or log says, this is why it stopped. */
export function canceledByYou(hadSession: boolean): string {
  return hadSession
    ? 'You cancelled the job, which ended the debug session for everyone in it.'
    : 'You cancelled the job before it printed an SSH command. Start a new debug run when you want a session.'
}
