import type { GuardHost } from './guard'
import { readGuardScreen, screenOf, screenSignature, type GuardScreen } from './guard-screen'
import { realTimer, type SetTimer } from '../timing'

/**
 * The wait before anything is typed at an idle shell prompt: the prompt must hold still for
 * `settleMs`, and nobody may send keys meanwhile (keys on their way show on the screen only a round
 * trip later, and a line typed now would land behind them). Used by the session guard and by
 * PromptTyper.
 */
export class PromptSettle {
  private cancelTimer: (() => void) | undefined
  private signature: string | undefined

  constructor(
    private readonly host: GuardHost,
    private readonly setTimer: SetTimer,
    private readonly settleMs: number,
  ) {}

  /**
   * An idle prompt shows on `screen`: starts the wait, unless it already waits on this very screen.
   * Once the wait is over, `settled` gets the screen and its shell if the same idle prompt still
   * shows and no keys were sent; otherwise `moved` runs. Returns whether a wait started.
   */
  wait(screen: GuardScreen, settled: (screen: GuardScreen, shell: string) => void, moved: () => void): boolean {
    const signature = screenSignature(screen)
    if (signature === this.signature) return false
    this.cancel()
    this.signature = signature
    const inputs = this.host.inputCount?.()
    this.cancelTimer = this.setTimer(() => {
      this.cancelTimer = undefined
      this.signature = undefined
      const now = screenOf(this.host)
      const reading = readGuardScreen(now)
      const keysSent = this.host.inputCount?.() !== inputs
      if (!keysSent && reading.kind === 'idle_prompt' && screenSignature(now) === signature && !this.host.readOnly) settled(now, reading.shell)
      else moved()
    }, this.settleMs)
    return true
  }

  cancel(): void {
    this.cancelTimer?.()
    this.cancelTimer = undefined
    this.signature = undefined
  }
}

export interface PromptTyperOptions {
  setTimer?: SetTimer
  /** How long an idle prompt must show, unchanged and with no keys sent, before the line is typed. */
  settleMs?: number
}

/**
 * Types one line at the next idle shell prompt, by the session guard's rules: only at a prompt
 * the screen shows idle (guard-screen.ts), once it has settled (PromptSettle). Never on a
 * read-only connection, and it presses nothing else (tmate's start-up view waits for the user or
 * the guard).
 */
export class PromptTyper {
  private unsubscribe: (() => void) | undefined
  private typed = false
  private readonly settle: PromptSettle

  constructor(
    private readonly host: GuardHost,
    /** The keystrokes for `shell`'s prompt, whose text takes `promptWidth` columns; without the Enter. */
    private readonly line: (shell: string, promptWidth: number) => string,
    private readonly onTyped: () => void,
    options: PromptTyperOptions = {},
  ) {
    this.settle = new PromptSettle(host, options.setTimer ?? realTimer, options.settleMs ?? 400)
  }

  start(): void {
    if (this.unsubscribe !== undefined || this.typed || this.host.readOnly) return
    this.unsubscribe = this.host.onChange(() => this.check())
    this.check()
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.settle.cancel()
  }

  private check(): void {
    if (this.unsubscribe === undefined) return
    const screen = screenOf(this.host)
    if (readGuardScreen(screen).kind !== 'idle_prompt') {
      this.settle.cancel()
      return
    }
    this.settle.wait(
      screen,
      (now, shell) => {
        this.stop()
        this.typed = true
        this.host.type(`${this.line(shell, now.cursorLine.length)}\r`)
        this.onTyped()
      },
      () => this.check(),
    )
  }
}
