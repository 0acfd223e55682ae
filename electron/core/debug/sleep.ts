export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

/** Waits `ms`, or less when the signal aborts first; never rejects, so a loop can check the signal itself. */
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
