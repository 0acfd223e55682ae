/** Schedules `callback` after `ms`; returns the way to cancel it. Tests pass a fake clock. */
export type SetTimer = (callback: () => void, ms: number) => () => void

export const realTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms)
  // A pending guard check must not keep the process (the CLI, a test run) alive.
  timer.unref()
  return () => clearTimeout(timer)
}
