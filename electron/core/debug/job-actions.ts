import { UserError } from '../errors'
import { TravisError, isTravisError } from '../travis/travis-error'
import type { DebugApi } from './debug-api'
import { isActive } from './job-snapshot'
import { ALREADY_FINISHED, LOG_WHILE_RUNNING } from './messages'

/** `POST /job/{id}/cancel`; a job that has already finished is told as such, not as a failure of Travis. */
export async function cancelJob(api: DebugApi, jobId: number): Promise<void> {
  try {
    await api.cancel(jobId)
  } catch (error) {
    if (isTravisError(error, 'job_not_cancelable')) throw new UserError(ALREADY_FINISHED, 'job_already_finished')
    throw error
  }
}

/**
 * `DELETE /job/{id}/log`; returns the log text Travis shows instead ("Log removed by …").
 * Travis answers 409 both while the job runs and when the log is already gone; the job's state
 * tells the two apart, and a log already gone is what the user wanted.
 */
export async function deleteLog(api: DebugApi, jobId: number): Promise<string | undefined> {
  try {
    return (await api.deleteLog(jobId)).content ?? ''
  } catch (error) {
    if (!(error instanceof TravisError) || error.status !== 409) throw error
    const job = await api.job(jobId)
    if (isActive(job.state)) throw new UserError(LOG_WHILE_RUNNING, 'job_running')
    return undefined
  }
}
