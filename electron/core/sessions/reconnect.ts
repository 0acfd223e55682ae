import type { Backoff } from '../timing'

/** How a dropped connection is retried: capped exponential backoff with jitter (timing.ts), so many tries. */
export interface ReconnectOptions extends Backoff {
  maxTries: number
}

/**
 * Capped at 4 s: the job is still running (that is checked before every try) and its user waits at
 * the keyboard, so a server back after a pause must not sit unused for half a minute. Ten tries,
 * about half a minute of waits, cover a server restart or a laptop's network coming back; "Retry
 * now" skips a wait, and "Reconnect" starts again after the last.
 */
export const DEFAULT_RECONNECT: ReconnectOptions = { baseMs: 500, capMs: 4000, maxTries: 10 }

export function retryDetail(delayMs: number, attempt: number, maxTries: number): string {
  const seconds = Math.max(1, Math.ceil(delayMs / 1000))
  return `Connection lost; retrying in ${seconds} s (try ${attempt} of ${maxTries})`
}
