/** How a dropped connection is retried: capped exponential backoff with jitter. */
export interface ReconnectOptions {
  baseMs: number
  capMs: number
  maxTries: number
}

export const DEFAULT_RECONNECT: ReconnectOptions = { baseMs: 1000, capMs: 30_000, maxTries: 8 }

/**
 * The wait before try `attempt` (1-based): half of the capped exponential step plus a random part
 * of the other half ("equal jitter"), so several Shipmates that lost the same server do not all
 * come back in the same millisecond, and no wait is ever much shorter than planned.
 */
export function backoffDelay(attempt: number, options: ReconnectOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export function retryDetail(delayMs: number, attempt: number, maxTries: number): string {
  const seconds = Math.max(1, Math.ceil(delayMs / 1000))
  return `Connection lost; retrying in ${seconds} s (try ${attempt} of ${maxTries})`
}
