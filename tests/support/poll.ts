/**
 * The suite's one polling helper: calls `check` until it returns something other than undefined or
 * false, and returns that; past the deadline it fails with `what` (and the last `describe()`, when
 * given, so a timeout shows what was seen). Tests wait with this, never with a fixed sleep.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 8_000)
  for (;;) {
    const result = await check()
    if (result !== undefined && result !== false) return result
    if (Date.now() > deadline) {
      const seen = options.describe?.()
      throw new Error(`timed out waiting for ${what}${seen === undefined ? '' : `; saw:\n${seen}`}`)
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 15))
  }
}
