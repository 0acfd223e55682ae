import type { GuardState } from '@shared/types/sessions'
import { readGuardScreen, type GuardScreen } from './guard-screen'
import { guardLine } from './guard-script'
import { realTimer, type SetTimer } from './guard-timer'

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
  now?: () => number
  setTimer?: SetTimer
  /** How long an idle prompt must show, unchanged, before the line is typed (someone may be about to type). */
  settleMs?: number
  /** After typing, how long the marker may take to appear before the guard reports itself unavailable. */
  markerTimeoutMs?: number
  /** After pressing `q`, how long the start-up view may stay before the user is asked to press it. */
  startupViewTimeoutMs?: number
}

const DEFAULTS = { settleMs: 400, markerTimeoutMs: 5000, startupViewTimeoutMs: 3000 }

export const GUARD_DETAIL = {
  notStarted: 'The session guard has not started yet.',
  disabled: 'The session guard is turned off: Shipmate types nothing into this session and cannot tell who else joins.',
  stopped: 'The session guard was stopped: Shipmate no longer watches who joins this session.',
  readOnly: 'This connection is read-only: Shipmate cannot type the session guard, so it cannot tell who else joins.',
  alreadyRunning: 'A session guard already runs on the host (its count is on the status row): Shipmate reads it and started no other.',
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
} as const

type Listener = (status: GuardStatus) => void

/**
 * The session guard: once, at an idle shell prompt and nowhere else, types the line that starts
 * a loop on the tmate host publishing the client count on every viewer's status row
 * (guard-script.ts). It never types twice, never into a read-only session or one the user turned
 * the guard off for, and presses nothing but a single `q`, and that only on tmate's start-up
 * message view, which swallows every other key.
 */
export class SessionGuard {
  private status: GuardStatus
  private readonly listeners = new Set<Listener>()
  private readonly now: () => number
  private readonly setTimer: SetTimer
  private readonly timing: typeof DEFAULTS
  private unsubscribe: (() => void) | undefined
  private cancelSettle: (() => void) | undefined
  private cancelDeadline: (() => void) | undefined
  private settleSignature: string | undefined
  private typed = false
  private pressedQAt: number | undefined

  constructor(
    private readonly host: GuardHost,
    private readonly options: SessionGuardOptions,
  ) {
    this.now = options.now ?? Date.now
    this.setTimer = options.setTimer ?? realTimer
    this.timing = {
      settleMs: options.settleMs ?? DEFAULTS.settleMs,
      markerTimeoutMs: options.markerTimeoutMs ?? DEFAULTS.markerTimeoutMs,
      startupViewTimeoutMs: options.startupViewTimeoutMs ?? DEFAULTS.startupViewTimeoutMs,
    }
    this.status = { state: 'off', detail: options.enabled ? GUARD_DETAIL.notStarted : GUARD_DETAIL.disabled, since: this.now() }
  }

  get state(): GuardState {
    return this.status.state
  }

  get detail(): string {
    return this.status.detail
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
      return
    }
    this.unsubscribe = this.host.onChange(() => this.check())
    if (this.typed) {
      // Started again after stop(): the line was typed already, so only its marker is awaited.
      this.set('starting', GUARD_DETAIL.typed)
      this.armMarkerDeadline()
    } else {
      this.set('waiting_for_prompt', GUARD_DETAIL.waiting('reading the screen'))
    }
    this.check()
  }

  /** Stops watching. The loop on the host, if started, runs on: a viewer cannot stop it without typing. */
  stop(): void {
    this.detach()
    this.set('off', this.options.enabled ? GUARD_DETAIL.stopped : GUARD_DETAIL.disabled)
  }

  private check(): void {
    if (this.unsubscribe === undefined) return
    const screen = this.screen()
    const reading = readGuardScreen(screen)
    if (reading.kind === 'marker') {
      this.detach()
      const detail = reading.mates === '?' ? GUARD_DETAIL.runningNoCount : this.typed ? GUARD_DETAIL.running : GUARD_DETAIL.alreadyRunning
      this.set('running', detail)
      return
    }
    // Typed once: from here on only the marker (or its absence, see typeGuard) decides.
    if (this.typed) return
    if (this.host.readOnly) {
      // Keep listening: another viewer's guard may yet publish a count this one can read.
      this.set('unavailable', GUARD_DETAIL.readOnly)
      return
    }
    if (reading.kind !== 'idle_prompt') this.cancelSettleTimer()
    switch (reading.kind) {
      case 'startup_view':
        this.onStartupView()
        return
      case 'busy':
        this.set('waiting_for_prompt', GUARD_DETAIL.waiting(reading.reason))
        return
      case 'idle_prompt': {
        const signature = screenSignature(screen)
        if (signature === this.settleSignature) return
        this.cancelSettleTimer()
        this.settleSignature = signature
        this.set('waiting_for_prompt', GUARD_DETAIL.settling(reading.window, reading.shell))
        this.cancelSettle = this.setTimer(() => this.settled(signature, reading.shell), this.timing.settleMs)
      }
    }
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

  /** The idle prompt has held for settleMs: type, unless anything moved meanwhile. */
  private settled(signature: string, shell: string): void {
    this.cancelSettle = undefined
    this.settleSignature = undefined
    if (this.unsubscribe === undefined || this.typed) return
    const screen = this.screen()
    if (readGuardScreen(screen).kind === 'idle_prompt' && screenSignature(screen) === signature && !this.host.readOnly) {
      this.typeGuard(shell)
      return
    }
    this.check()
  }

  private typeGuard(shell: string): void {
    this.typed = true
    this.host.type(`${guardLine(shell)}\r`)
    this.set('starting', GUARD_DETAIL.typed)
    this.armMarkerDeadline()
  }

  private armMarkerDeadline(): void {
    this.cancelDeadline?.()
    this.cancelDeadline = this.setTimer(() => {
      this.cancelDeadline = undefined
      // Still listening after this: a slow host's marker turns the guard to running.
      if (this.status.state === 'starting') this.set('unavailable', GUARD_DETAIL.noMarker(this.timing.markerTimeoutMs / 1000))
    }, this.timing.markerTimeoutMs)
  }

  private screen(): GuardScreen {
    return {
      lastRow: this.host.lastRow(),
      cursorLine: this.host.cursorLine(),
      afterCursor: this.host.afterCursor?.(),
      alternateScreen: this.host.alternateScreen(),
      screenText: this.host.screenText(),
    }
  }

  private cancelSettleTimer(): void {
    this.cancelSettle?.()
    this.cancelSettle = undefined
    this.settleSignature = undefined
  }

  private detach(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.cancelSettleTimer()
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

function screenSignature(screen: GuardScreen): string {
  return `${screen.lastRow}\n${screen.cursorLine}\n${screen.screenText}`
}
