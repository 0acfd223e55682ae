import { parseStatusRow, type GuardMarker } from '@shared/parse/status-row'
import { GuardRun } from './guard-run'
import { readGuardScreen, screenOf, type GuardScreen } from './guard-screen'
import { guardLine, guardRequestLine, guardStopLine } from './guard-script'
import { PromptSettle } from './prompt-typer'
import { realTimer, type SetTimer } from '../timing'

/** The guard's own progress; what the user is told is the join-detection state built on it (shared/detection.ts). */
export type GuardState = 'off' | 'waiting_for_prompt' | 'starting' | 'running' | 'unavailable'

/** What the guard needs from a connected session. */
export interface GuardHost {
  readOnly: boolean
  /** The status row: the last row of the screen mirror (an @xterm/headless terminal fed with the session output). */
  lastRow(): string
  /** The text of the line the cursor is on, up to the cursor, trailing blanks kept. */
  cursorLine(): string
  /** The rest of that line, if the host can tell: a command moved behind the cursor is not an idle prompt. */
  afterCursor?(): string
  /**
   * A full-screen program (vim, less) is known to be up in the pane. Not xterm's buffer type: tmux
   * keeps every viewer's terminal on the alternate screen for as long as it is attached, whatever
   * runs in the pane, so that would always read true. Return false when it cannot be told; the
   * window name on the status row (`vim*`, `less*`) is what catches full-screen programs.
   */
  alternateScreen(): boolean
  /** The visible screen, one line per row: the start-up view is recognised by its text. */
  screenText(): string
  /** Called after screen updates settle; returns the way to stop listening. */
  onChange(listener: () => void): () => void
  /** Writes keystrokes to the session. */
  type(data: string): void
  /**
   * How many times anyone sent keys into the session so far. Keys on their way to the host show on
   * the screen only a round trip later: a count that moved while the prompt settled means the user
   * typed, and a line typed now would land behind their keys.
   */
  inputCount?(): number
}

export interface GuardStatus {
  state: GuardState
  /** What the state means, in words the UI can show as they are. */
  detail: string
  /** When the state was entered (ms, from `now`). */
  since: number
}

export interface SessionGuardOptions {
  /** The user's setting; off means nothing is ever typed. */
  enabled: boolean
  /** The app run's tags, shared by all its sessions: fresh ones for what is typed, and which markers are its own. */
  run?: GuardRun
  /** This app run started a guard in this session before (a reconnect): ask it for a count rather than start another. */
  resumed?: boolean
  /**
   * With `enabled` false: the tags this app run used in this session. At the next idle prompt the
   * guard tells a loop on the host that Shipmate no longer needs it, so that the loop puts the
   * separator back and ends, unless another Shipmate viewer still uses it.
   */
  retire?: readonly string[]
  now?: () => number
  setTimer?: SetTimer
  /** How long an idle prompt must show, unchanged, before the line is typed (someone may be about to type). */
  settleMs?: number
  /** After typing, how long the marker may take to appear before the guard reports itself unavailable. */
  markerTimeoutMs?: number
  /**
   * How long a loop on the host may take to answer once the request line has run (its one-time
   * read shows on the row) before Shipmate starts its own. Counted from there, not from typing: a
   * loaded host can take seconds to run the line, and a second loop started beside a slow one
   * would make two loops write the row.
   */
  answerTimeoutMs?: number
  /** After typing the request line, how long it may take to show its one-time read before Shipmate starts its own loop. */
  requestTimeoutMs?: number
  /** After pressing `q`, how long the start-up view may stay before the user is asked to press it. */
  startupViewTimeoutMs?: number
}

const DEFAULTS = { settleMs: 400, markerTimeoutMs: 5000, answerTimeoutMs: 4000, requestTimeoutMs: 10_000, startupViewTimeoutMs: 3000 }

export const GUARD_DETAIL = {
  notStarted: 'The session guard has not started yet.',
  disabled: 'The session guard is turned off: Shipmate types nothing into this session and cannot tell who else joins.',
  retiring: 'Join detection is off: Shipmate tells its session guard on the host to stop at the next idle shell prompt.',
  retired: 'Join detection is off: Shipmate told its session guard on the host to stop and put the status line back.',
  stopped: 'The session guard was stopped: Shipmate no longer watches who joins this session.',
  readOnly: 'This connection is read-only: Shipmate cannot type the session guard, so it cannot tell who else joins.',
  confirming:
    "Shipmate's session guard from earlier in this app run runs on the host; Shipmate asks it for a fresh count at the next idle shell prompt.",
  reused:
    'A session guard already runs on the host and answered Shipmate with a fresh count under a new tag: Shipmate reads it and started no other.',
  asked:
    'Typed a line that reads the client count once and asks a session guard on the host for a fresh one; waiting for its answer on the status row.',
  running: 'The session guard runs on the host and publishes the number of connected clients on the status row.',
  runningNoCount:
    'The session guard runs on the host, but the tmate server gives it no client count (no tmate-websocket): Shipmate cannot tell who else joins.',
  startupView: "Pressed q to leave tmate's start-up message view; waiting for the shell prompt.",
  startupViewStuck: "tmate's start-up message view is still showing: press q in the terminal to reach the shell prompt.",
  typed: 'Typed the session guard at the shell prompt; waiting for its count on the status row.',
  settling: (window: number, shell: string) => `An idle ${shell} prompt shows in window ${window}; typing the session guard once the screen is still.`,
  waiting: (reason: string) => `Waiting for an idle shell prompt to start the session guard: ${reason}.`,
  noMarker: (seconds: number) =>
    `Shipmate typed the session guard, but no count appeared on the status row within ${seconds} s (the host may lack bash or tmate on its PATH). Join detection is off.`,
  noAnswer: (seconds: number) =>
    `No session guard on the host answered within ${seconds} s: Shipmate starts its own at the next idle shell prompt.`,
} as const

type Listener = (status: GuardStatus) => void

/**
 * The session guard: at an idle shell prompt and nowhere else, types what gets Shipmate a reading
 * of the client count of its own (guard-script.ts). With nothing on the status row, that is the
 * line starting a guard loop that publishes the count. With a marker there already, it is a line
 * that reads the count once and asks the loop behind the marker, if there is one, to answer under
 * a new tag; when none answers, the loop follows. A marker found on the row is never taken as the
 * count: anyone on the host can write one. It never types into a read-only session or one the
 * user turned the guard off for, and presses nothing but a single `q`, and that only on tmate's
 * start-up message view, which swallows every other key.
 */
export class SessionGuard {
  private status: GuardStatus
  private readonly listeners = new Set<Listener>()
  private readonly run: GuardRun
  private readonly now: () => number
  private readonly setTimer: SetTimer
  private readonly timing: typeof DEFAULTS
  private unsubscribe: (() => void) | undefined
  private cancelDeadline: (() => void) | undefined
  private readonly settle: PromptSettle
  /** What was typed last: nothing yet, the loop, or the request; the guard waits for its tag after either. */
  private phase: 'none' | 'typed' | 'asked' = 'none'
  private currentTag: string | undefined
  /** A request went unanswered: the next line typed is the loop. */
  private askFailed = false
  /** The request's one-time read has shown on the row: the wait for an answer counts from then. */
  private requestShown = false
  /** How long the unanswered request was waited for, for the words. */
  private noAnswerMs = 0
  private pressedQAt: number | undefined

  constructor(
    private readonly host: GuardHost,
    private readonly options: SessionGuardOptions,
  ) {
    this.run = options.run ?? new GuardRun()
    this.now = options.now ?? Date.now
    this.setTimer = options.setTimer ?? realTimer
    this.timing = {
      settleMs: options.settleMs ?? DEFAULTS.settleMs,
      markerTimeoutMs: options.markerTimeoutMs ?? DEFAULTS.markerTimeoutMs,
      answerTimeoutMs: options.answerTimeoutMs ?? DEFAULTS.answerTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      startupViewTimeoutMs: options.startupViewTimeoutMs ?? DEFAULTS.startupViewTimeoutMs,
    }
    this.settle = new PromptSettle(host, this.setTimer, this.timing.settleMs)
    this.status = { state: 'off', detail: options.enabled ? GUARD_DETAIL.notStarted : GUARD_DETAIL.disabled, since: this.now() }
  }

  get state(): GuardState {
    return this.status.state
  }

  get detail(): string {
    return this.status.detail
  }

  /** The tag of what this guard typed last; undefined before it typed anything. */
  get tag(): string | undefined {
    return this.currentTag
  }

  /** Whether a marker with this tag was written at Shipmate's request in this app run. */
  ownsTag(tag: string | undefined): boolean {
    return this.run.issued(tag)
  }

  snapshot(): GuardStatus {
    return { ...this.status }
  }

  /** Hears every change of state or detail; returns the way to stop listening. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    if (this.unsubscribe !== undefined) return
    if (!this.options.enabled) {
      this.set('off', GUARD_DETAIL.disabled)
      if ((this.options.retire ?? []).length > 0 && !this.host.readOnly) {
        this.unsubscribe = this.host.onChange(() => this.check())
        this.check()
      }
      return
    }
    this.unsubscribe = this.host.onChange(() => this.check())
    if (this.phase !== 'none') {
      // Started again after stop(): the line was typed already, so only its answer is awaited.
      this.awaitAnswer()
    } else {
      this.set('waiting_for_prompt', GUARD_DETAIL.waiting('reading the screen'))
    }
    this.check()
  }

  /**
   * The user is leaving the session: if a loop shows on the row and the shell sits at an idle
   * prompt right now, tells the loop that these tags no longer need it (it ends and puts the
   * separator back unless another Shipmate viewer still uses it). There is no waiting for a
   * prompt here, since the connection is about to close; a busy shell keeps the loop, which ends
   * by itself once nobody has been connected for a while.
   */
  leave(tags: readonly string[]): 'told' | 'busy' | 'no_loop' {
    const screen = this.screen()
    if (this.host.readOnly || tags.length === 0 || !markersOf(screen.lastRow).some((marker) => !marker.oneShot)) return 'no_loop'
    const reading = readGuardScreen(screen)
    if (reading.kind !== 'idle_prompt') return 'busy'
    this.detach()
    this.host.type(`${guardStopLine(reading.shell, tags, screen.cursorLine.length)}\r`)
    this.set('off', GUARD_DETAIL.retired)
    return 'told'
  }

  /** Stops watching. The loop on the host, if started, runs on: a viewer cannot stop it without typing. */
  stop(): void {
    this.detach()
    this.set('off', this.options.enabled ? GUARD_DETAIL.stopped : GUARD_DETAIL.disabled)
  }

  private check(): void {
    if (this.unsubscribe === undefined) return
    const screen = this.screen()
    const markers = markersOf(screen.lastRow)
    if (!this.options.enabled) {
      this.checkRetire(screen, markers)
      return
    }
    if (this.phase !== 'none') {
      // Typed: from here on only a loop marker under the new tag (or its absence, see awaitAnswer) decides.
      const answer = markers.find((marker) => !marker.oneShot && marker.tag === this.currentTag)
      if (answer === undefined) {
        if (this.phase === 'asked' && !this.requestShown && markers.some((marker) => marker.oneShot && marker.tag === this.currentTag)) {
          this.requestShown = true
          this.awaitAnswer()
        }
        return
      }
      this.detach()
      this.set('running', answer.mates === '?' ? GUARD_DETAIL.runningNoCount : this.phase === 'typed' ? GUARD_DETAIL.running : GUARD_DETAIL.reused)
      return
    }
    if (this.host.readOnly) {
      // A marker someone else's guard publishes is only their claim, and this connection cannot ask.
      this.set('unavailable', GUARD_DETAIL.readOnly)
      return
    }
    const ownLoop = markers.some((marker) => !marker.oneShot && this.run.issued(marker.tag))
    const reading = readGuardScreen(screen)
    if (reading.kind !== 'idle_prompt') this.settle.cancel()
    switch (reading.kind) {
      case 'startup_view':
        this.onStartupView()
        return
      case 'busy':
        this.waiting(ownLoop, GUARD_DETAIL.waiting(reading.reason))
        return
      case 'idle_prompt':
        if (this.settle.wait(screen, (now, shell) => this.settled(now, shell), () => this.check())) {
          this.waiting(ownLoop, GUARD_DETAIL.settling(reading.window, reading.shell))
        }
    }
  }

  /**
   * Until it has typed, the guard waits. A loop this app run started shows on the row (a reconnect):
   * its count stands until the next idle prompt gets a fresh one, so the guard says it runs.
   */
  private waiting(ownLoop: boolean, detail: string): void {
    if (ownLoop) this.set('running', GUARD_DETAIL.confirming)
    else this.set('waiting_for_prompt', this.askFailed ? GUARD_DETAIL.noAnswer(this.noAnswerMs / 1000) : detail)
  }

  private onStartupView(): void {
    if (this.pressedQAt === undefined) {
      this.pressedQAt = this.now()
      this.host.type('q')
      this.set('waiting_for_prompt', GUARD_DETAIL.startupView)
      this.cancelDeadline = this.setTimer(() => this.check(), this.timing.startupViewTimeoutMs)
      return
    }
    const stuck = this.now() - this.pressedQAt >= this.timing.startupViewTimeoutMs
    this.set('waiting_for_prompt', stuck ? GUARD_DETAIL.startupViewStuck : GUARD_DETAIL.startupView)
  }

  /**
   * Turned off while a loop runs on the host: the stop line waits for an idle prompt like anything
   * Shipmate types. No loop on the row, nothing to stop.
   */
  private checkRetire(screen: GuardScreen, markers: readonly GuardMarker[]): void {
    if (!markers.some((marker) => !marker.oneShot)) {
      this.detach()
      return
    }
    const reading = readGuardScreen(screen)
    if (reading.kind !== 'idle_prompt') {
      this.settle.cancel()
      this.set('off', GUARD_DETAIL.retiring)
      return
    }
    if (this.settle.wait(screen, (now, shell) => this.settled(now, shell), () => this.check())) this.set('off', GUARD_DETAIL.retiring)
  }

  /** The idle prompt has held still (PromptSettle): type. */
  private settled(screen: GuardScreen, shell: string): void {
    if (this.unsubscribe === undefined || this.phase !== 'none') return
    if (!this.options.enabled) {
      this.host.type(`${guardStopLine(shell, this.options.retire ?? [], screen.cursorLine.length)}\r`)
      this.detach()
      this.set('off', GUARD_DETAIL.retired)
      return
    }
    this.type(shell, markersOf(screen.lastRow).length > 0, screen.cursorLine.length)
  }

  /**
   * A fresh tag for every connection, so its answer cannot be one written before. A marker on the
   * row, or a loop this run started here before, gets the request (one read of Shipmate's own, and
   * a loop that answers is kept); otherwise, or once a request went unanswered, the loop. That loop
   * keeps the request's tag: the unanswered request is still in the separator, and the new loop
   * takes it up as the first thing it reads.
   */
  private type(shell: string, markerShown: boolean, promptWidth: number): void {
    if (!this.askFailed || this.currentTag === undefined) this.currentTag = this.run.issue()
    const ask = !this.askFailed && (markerShown || this.options.resumed === true)
    this.phase = ask ? 'asked' : 'typed'
    this.requestShown = false
    const line = ask ? guardRequestLine(shell, this.currentTag, promptWidth) : guardLine(shell, this.currentTag, promptWidth)
    this.host.type(`${line}\r`)
    this.awaitAnswer()
  }

  private awaitAnswer(): void {
    this.cancelDeadline?.()
    if (this.phase === 'asked') {
      this.set('starting', GUARD_DETAIL.asked)
      const waitMs = this.requestShown ? this.timing.answerTimeoutMs : this.timing.requestTimeoutMs
      this.cancelDeadline = this.setTimer(() => {
        this.cancelDeadline = undefined
        // Nobody took the request: type the loop, at the next idle prompt like anything else.
        this.phase = 'none'
        this.askFailed = true
        this.noAnswerMs = waitMs
        this.set('waiting_for_prompt', GUARD_DETAIL.noAnswer(waitMs / 1000))
        this.check()
      }, waitMs)
      return
    }
    this.set('starting', GUARD_DETAIL.typed)
    this.cancelDeadline = this.setTimer(() => {
      this.cancelDeadline = undefined
      // Still listening after this: a slow host's marker turns the guard to running.
      if (this.status.state === 'starting') this.set('unavailable', GUARD_DETAIL.noMarker(this.timing.markerTimeoutMs / 1000))
    }, this.timing.markerTimeoutMs)
  }

  private screen(): GuardScreen {
    return screenOf(this.host)
  }

  private detach(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.settle.cancel()
    this.cancelDeadline?.()
    this.cancelDeadline = undefined
  }

  private set(state: GuardState, detail: string): void {
    if (state === this.status.state && detail === this.status.detail) return
    this.status = { state, detail, since: state === this.status.state ? this.status.since : this.now() }
    const status = this.snapshot()
    for (const listener of [...this.listeners]) listener(status)
  }
}

function markersOf(lastRow: string): readonly GuardMarker[] {
  const row = parseStatusRow(lastRow)
  return row.kind === 'windows' ? (row.markers ?? []) : []
}
