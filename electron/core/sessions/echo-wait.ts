/**
 * Holds the answer to a keystroke until the output after it has gone to the renderer, or until
 * `limitMs` passed (a key with no echo: a password prompt, `stty -echo`).
 *
 * The answer only tells the renderer's input queue that it may send more, which a keystroke never
 * waits for. Sent at once, it reaches the page while the host is still echoing the key, and on a
 * small machine the browser's work to take it up (its network process, the page's main thread)
 * competes with the host for the CPU: in the terminal benchmark's echo rounds that put about
 * 0.4 ms on the host's answer. Held until the echo has been sent, it arrives behind it.
 */
export class EchoWait {
  private waiters: (() => void)[] = []

  constructor(private readonly limitMs: number) {}

  /** Resolves at the next `outputSent`, or after `limitMs`. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        const index = this.waiters.indexOf(done)
        if (index >= 0) this.waiters.splice(index, 1)
        resolve()
      }
      const timer = setTimeout(done, this.limitMs)
      this.waiters.push(done)
    })
  }

  /** Output went to the renderer: everything waiting is answered. */
  outputSent(): void {
    if (this.waiters.length === 0) return
    for (const done of [...this.waiters]) done()
  }

  get waiting(): number {
    return this.waiters.length
  }
}
