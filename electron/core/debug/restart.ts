import { UserError } from '../errors'
import { TravisError, isTravisError } from '../travis/travis-error'
import type { V3Job } from '../travis/v3-types'
import type { DebugApi } from './debug-api'
import { isFinished } from './job-snapshot'
import { cancelTooSlow, uncertainDebugRequest } from './messages'
import type { Sleep } from '../timing'

export interface RestartDeps {
  api: DebugApi
  sleep: Sleep
  now: () => Date
  /** Between reads while a cancel is being processed. */
  pollMs: number
  /** How long a cancel may take before the user is told to try later. */
  cancelTimeoutMs: number
}

/**
 * "Cancel, then debug": Travis restarts only finished jobs (409 `job_already_running` otherwise),
 * and its hub applies a cancel asynchronously, so the job is read until it shows as finished.
 * Returns the finished job: the "before" snapshot of the debug run.
 */
export async function cancelAndWait(deps: RestartDeps, job: V3Job): Promise<V3Job> {
  const number = job.number ?? String(job.id)
  try {
    await deps.api.cancel(job.id)
  } catch (error) {
    // It finished by itself in the meantime: just as good.
    if (!isTravisError(error, 'job_not_cancelable')) throw error
  }
  const startMs = deps.now().getTime()
  for (;;) {
    const latest = await deps.api.job(job.id)
    if (isFinished(latest.state)) return latest
    if (deps.now().getTime() - startMs >= deps.cancelTimeoutMs) {
      throw new UserError(cancelTooSlow(number, deps.cancelTimeoutMs), 'cancel_too_slow')
    }
    await deps.sleep(deps.pollMs)
  }
}

/**
 * `POST /job/{id}/debug`, exactly once: it is not idempotent, and a second one could restart a
 * job that the first had already restarted. The client never retries POSTs; an answer that does
 * not say whether Travis acted gets a message that says so.
 */
export async function requestDebug(api: DebugApi, jobId: number, quiet: boolean): Promise<void> {
  try {
    await api.debug(jobId, quiet)
  } catch (error) {
    if (error instanceof TravisError && UNCERTAIN.has(error.kind)) {
      throw new TravisError(error.kind, uncertainDebugRequest(error.message), error.status)
    }
    throw error
  }
}

const UNCERTAIN: ReadonlySet<TravisError['kind']> = new Set(['network', 'timeout', 'server', 'bad_response'])
