/** How a dropped connection is retried: capped exponential backoff with jitter. */
export interface ReconnectOptions {
  baseMs: number
  capMs: number
  maxTries: number
}

/**
 * Capped at 4 s: the job is still running (that is checked before every try) and its user waits at
 * the keyboard, so a server back after a pause must not sit unused for half a minute. Ten tries,
 * about half a minute of waits, cover a server restart or a laptop's network coming back; "Retry
 * now" skips a wait, and "Reconnect" starts again after the last.
 */
export const DEFAULT_RECONNECT: ReconnectOptions = { baseMs: 500, capMs: 4000, maxTries: 10 }

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
