import type { TravisClient } from '../travis/client'
import { isTravisError } from '../travis/travis-error'
import type { V3Job, V3Log, V3Pending, V3Repository } from '../travis/v3-types'

/** The Travis calls a debug run makes, each one counted for the run's `requests`. */
export interface DebugApi {
  job(jobId: number, signal?: AbortSignal): Promise<V3Job>
  repo(repoId: number, signal?: AbortSignal): Promise<V3Repository>
  /** The log text so far; '' while Travis has none (404 or `content: null` right after a restart). */
  logText(jobId: number, signal?: AbortSignal): Promise<string>
  debug(jobId: number, quiet: boolean, signal?: AbortSignal): Promise<V3Pending>
  cancel(jobId: number, signal?: AbortSignal): Promise<V3Pending>
  deleteLog(jobId: number, signal?: AbortSignal): Promise<V3Log>
}

/**
 * `count` is called once per call. The account's client is built by the accounts store, so its
 * own quick retries of a failed GET (at most two) are not seen here: the count is of reads asked
 * for, which is exact whenever Travis answers at the first try.
 */
export function countedApi(client: TravisClient, count: () => void): DebugApi {
  const counted = <T>(call: () => Promise<T>): Promise<T> => {
    count()
    return call()
  }
  return {
    job: (jobId, signal) => counted(() => client.job(jobId, signal)),
    repo: (repoId, signal) => counted(() => client.repo(repoId, signal)),
    logText: (jobId, signal) =>
      counted(async () => {
        try {
          return (await client.log(jobId, signal)).content ?? ''
        } catch (error) {
          if (isTravisError(error, 'not_found')) return ''
          throw error
        }
      }),
    debug: (jobId, quiet, signal) => counted(() => client.debugJob(jobId, quiet, signal)),
    cancel: (jobId, signal) => counted(() => client.cancelJob(jobId, signal)),
    deleteLog: (jobId, signal) => counted(() => client.deleteLog(jobId, signal)),
  }
}
