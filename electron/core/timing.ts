/**
 * The core's one way to wait: an abortable sleep, a cancellable timer, and capped exponential
 * backoff. Every retry loop (Travis requests, debug-run polling, SSH reconnects) waits with these,
 * so a fix to one (an abort listener left behind, a timer that holds the process open) holds for all.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/**
 * Waits `ms`, or less when the signal aborts first. Never rejects, so a loop checks the signal
 * itself; and it takes its abort listener off again either way, so a long-lived signal shared by
 * many waits does not collect one listener per wait.
 */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })

/** Schedules `callback` after `ms`; returns the way to cancel it. Tests pass a fake clock. */
export type SetTimer = (callback: () => void, ms: number) => () => void

export const realTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms)
  // A pending check must not keep the process (the CLI, a test run) alive.
  timer.unref()
  return () => clearTimeout(timer)
}

export interface Backoff {
  baseMs: number
  capMs: number
}

/** The doubling step for try `attempt` (1-based): base, 2×base, 4×base … up to the cap. */
export function backoffStep(attempt: number, backoff: Backoff): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30)
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent)
}

/**
 * The wait before try `attempt`: half of the doubling step plus a random part of the other half
 * ("equal jitter"), so clients that failed together do not all come back in the same millisecond,
 * and no wait is ever much shorter than planned.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = backoffStep(attempt, backoff)
  return Math.round(step / 2 + (random() * step) / 2)
}
