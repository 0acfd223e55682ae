import type { SetTimer } from '../../electron/core/timing'

/** A clock that moves only when a test says so, with the timers that fall due on the way. */
export class ManualClock {
  private time = 0
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = []

  readonly now = (): number => this.time

  readonly setTimer: SetTimer = (callback, ms) => {
    const timer = { at: this.time + ms, callback, cancelled: false }
    this.timers.push(timer)
    return () => {
      timer.cancelled = true
    }
  }

  /** Timers scheduled and neither run nor cancelled. */
  pending(): number {
    return this.timers.filter((timer) => !timer.cancelled).length
  }

  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((timer) => !timer.cancelled && timer.at <= end).sort((a, b) => a.at - b.at)[0]
      if (due === undefined) break
      this.time = due.at
      due.cancelled = true
      due.callback()
    }
    this.timers = this.timers.filter((timer) => !timer.cancelled)
    this.time = end
  }
}
