import type { GuardStatus } from './guard'
import { realTimer, type SetTimer } from '../timing'
import { JoinDetector, type DetectionEvent } from './detector'

/** The part of a session's screen mirror the watch reads. */
export interface JoinWatchScreen {
  lastRow(): string
  screenText(): string
  onChange(listener: () => void): () => void
}

/** The part of a SessionGuard the watch reads. */
export interface JoinWatchGuard {
  snapshot(): GuardStatus
  onChange(listener: (status: GuardStatus) => void): () => void
  /** Which markers Shipmate wrote itself; without it every marker is someone else's claim. */
  ownsTag?(tag: string | undefined): boolean
  /** The tag of the line the guard typed on this connection, once it has typed one. */
  readonly tag?: string | undefined
}

export interface JoinWatchOptions {
  detector?: JoinDetector
  now?: () => number
  setTimer?: SetTimer
  /** False: the first reading waits for a change or `read()`, for a guard that is about to start. */
  readNow?: boolean
}

/**
 * Feeds a JoinDetector from a session's screen and its guard: on every screen change, every
 * guard change, and when one of the detector's timeouts falls due although nothing moved.
 */
export class JoinWatch {
  readonly detector: JoinDetector
  private readonly now: () => number
  private readonly setTimer: SetTimer
  private readonly stops: (() => void)[] = []
  private cancelTimer: (() => void) | undefined
  private timerAt: number | undefined
  private stopped = false

  constructor(
    private readonly screen: JoinWatchScreen,
    private readonly guard: JoinWatchGuard,
    private readonly onEvents: (events: DetectionEvent[]) => void,
    options: JoinWatchOptions = {},
  ) {
    this.detector = options.detector ?? new JoinDetector()
    this.now = options.now ?? Date.now
    this.setTimer = options.setTimer ?? realTimer
    this.stops.push(screen.onChange(() => this.update()))
    this.stops.push(guard.onChange(() => this.update()))
    if (options.readNow ?? true) this.update()
  }

  get mates(): number | null {
    return this.detector.mates
  }

  /** Reads the screen and the guard now. */
  read(): void {
    this.update()
  }

  stop(): void {
    this.stopped = true
    for (const stop of this.stops.splice(0)) stop()
    this.cancelTimer?.()
  }

  private update(): void {
    if (this.stopped) return
    const guard = this.guard.snapshot()
    const events = this.detector.update({
      statusRow: this.screen.lastRow(),
      screen: this.screen.screenText(),
      guard: guard.state,
      guardDetail: guard.detail,
      ownTag: (tag) => this.guard.ownsTag?.(tag) ?? false,
      typed: this.guard.tag !== undefined,
      currentTag: this.guard.tag,
      now: this.now(),
    })
    this.schedule()
    if (events.length > 0) this.onEvents(events)
  }

  private schedule(): void {
    const at = this.detector.nextCheckAt()
    if (at === this.timerAt) return
    this.cancelTimer?.()
    this.cancelTimer = undefined
    this.timerAt = at
    if (at === undefined) return
    this.cancelTimer = this.setTimer(
      () => {
        this.timerAt = undefined
        this.cancelTimer = undefined
        this.update()
      },
      Math.max(0, at - this.now()),
    )
  }
}
