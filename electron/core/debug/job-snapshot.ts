import type { JobSnapshot, JobState } from '@shared/parse/job-progress'
import type { V3Job } from '../travis/v3-types'

const STATES: ReadonlySet<string> = new Set<JobState>(['created', 'queued', 'received', 'started', 'passed', 'failed', 'errored', 'canceled'])
const ACTIVE: ReadonlySet<string> = new Set<JobState>(['created', 'queued', 'received', 'started'])
const FINISHED: ReadonlySet<string> = new Set<JobState>(['passed', 'failed', 'errored', 'canceled'])

/** A state Travis did not send counts as `created`, as v3 renders a null state. */
export function jobStateOf(state: string | undefined): JobState {
  return state !== undefined && STATES.has(state) ? (state as JobState) : 'created'
}

export function isActive(state: string | undefined): boolean {
  return ACTIVE.has(jobStateOf(state))
}

export function isFinished(state: string | undefined): boolean {
  return FINISHED.has(jobStateOf(state))
}

/** What job-progress compares to tell the new run from the old one. */
export function snapshotOf(job: V3Job): JobSnapshot {
  return {
    state: jobStateOf(job.state),
    restartedAt: job.restarted_at ?? null,
    startedAt: job.started_at ?? null,
    finishedAt: job.finished_at ?? null,
  }
}
