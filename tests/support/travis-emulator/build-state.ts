// A build's state follows its jobs: active while any job is, otherwise the worst result among the
// jobs that may not fail.
import type { BuildRecord, JobRecord, JobState } from './model'
import { FINISHED_STATES } from './model'

export function aggregateState(jobs: readonly JobRecord[]): JobState {
  const active = jobs.filter((j) => !FINISHED_STATES.includes(j.state))
  if (active.length > 0) return active.some((j) => j.state === 'started' || j.state === 'received') ? 'started' : 'created'
  const counted = jobs.filter((j) => !j.allowFailure)
  for (const state of ['canceled', 'errored', 'failed'] as const) {
    if (counted.some((j) => j.state === state)) return state
  }
  return 'passed'
}

export function refreshBuild(build: BuildRecord, jobs: readonly JobRecord[], now: number): void {
  const state = aggregateState(jobs)
  if (state === build.state) return
  const wasFinished = FINISHED_STATES.includes(build.state)
  const isFinished = FINISHED_STATES.includes(state)
  if (wasFinished && !isFinished) {
    build.previousState = build.state
    build.finishedAt = null
  }
  if (state === 'started' && build.startedAt === null) build.startedAt = now
  if (isFinished) build.finishedAt = now
  build.state = state
  build.updatedAt = now
}
