import type { TravisClient } from '../travis/client'
import type { LiveConfig } from '../travis/live-config'
import { isTravisError } from '../travis/travis-error'
import type { V3Job, V3Log, V3Pending, V3Repository } from '../travis/v3-types'
import type { LogPart } from './log-parts'

/** A read of the job log: its text so far, and the numbered parts it is made of when Travis sent them. */
export interface LogReading {
  text: string
  parts: LogPart[]
}

/** The Travis calls a debug run makes, each one counted for the run's `requests`. */
export interface DebugApi {
  job(jobId: number, signal?: AbortSignal): Promise<V3Job>
  repo(repoId: number, signal?: AbortSignal): Promise<V3Repository>
  /** The log so far; '' and no parts while Travis has none (404 or `content: null` right after a restart). */
  log(jobId: number, signal?: AbortSignal): Promise<LogReading>
  /** Where the live log channel is; undefined when Travis announces none. */
  liveConfig(signal?: AbortSignal): Promise<LiveConfig | undefined>
  /** The signature for a private live channel; undefined when Travis leaves the channel out. */
  pusherAuth(socketId: string, channel: string, signal?: AbortSignal): Promise<string | undefined>
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
    log: (jobId, signal) =>
      counted(async () => {
        try {
          const log = await client.log(jobId, signal)
          const parts = (log.log_parts ?? []).map((part) => ({ number: part.number, content: part.content ?? '', final: part.final === true }))
          return { text: log.content ?? '', parts }
        } catch (error) {
          if (isTravisError(error, 'not_found')) return { text: '', parts: [] }
          throw error
        }
      }),
    liveConfig: (signal) => counted(() => client.liveConfig(signal)),
    pusherAuth: (socketId, channel, signal) => counted(() => client.pusherAuth(socketId, channel, signal)),
    debug: (jobId, quiet, signal) => counted(() => client.debugJob(jobId, quiet, signal)),
    cancel: (jobId, signal) => counted(() => client.cancelJob(jobId, signal)),
    deleteLog: (jobId, signal) => counted(() => client.deleteLog(jobId, signal)),
  }
}
