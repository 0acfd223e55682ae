import { screenOf, screenSignature, type GuardHost } from './guard'
import { readGuardScreen } from './guard-screen'
import { realTimer, type SetTimer } from '../timing'

export interface PromptTyperOptions {
  setTimer?: SetTimer
  /** How long an idle prompt must show, unchanged and with no keys sent, before the line is typed. */
  settleMs?: number
}

/**
 * Types one line at the next idle shell prompt, by the session guard's rules: only at a prompt
 * the screen shows idle (guard-screen.ts), once it has held still for `settleMs`, and not when
 * anyone sent keys meanwhile (they would land in front of the line). Never on a read-only
 * connection, and it presses nothing else (tmate's start-up view waits for the user or the guard).
 */
export class PromptTyper {
  private unsubscribe: (() => void) | undefined
  private cancelSettle: (() => void) | undefined
  private signature: string | undefined
  private inputs: number | undefined
  private typed = false
  private readonly setTimer: SetTimer
  private readonly settleMs: number

  constructor(
    private readonly host: GuardHost,
    /** The keystrokes for `shell`'s prompt, whose text takes `promptWidth` columns; without the Enter. */
    private readonly line: (shell: string, promptWidth: number) => string,
    private readonly onTyped: () => void,
    options: PromptTyperOptions = {},
  ) {
    this.setTimer = options.setTimer ?? realTimer
    this.settleMs = options.settleMs ?? 400
  }

  start(): void {
    if (this.unsubscribe !== undefined || this.typed || this.host.readOnly) return
    this.unsubscribe = this.host.onChange(() => this.check())
    this.check()
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.cancel()
  }

  private check(): void {
    if (this.unsubscribe === undefined) return
    const screen = screenOf(this.host)
    if (readGuardScreen(screen).kind !== 'idle_prompt') {
      this.cancel()
      return
    }
    const signature = screenSignature(screen)
    if (signature === this.signature) return
    this.cancel()
    this.signature = signature
    this.inputs = this.host.inputCount?.()
    this.cancelSettle = this.setTimer(() => this.settled(signature), this.settleMs)
  }

  private settled(signature: string): void {
    this.cancelSettle = undefined
    this.signature = undefined
    if (this.unsubscribe === undefined) return
    const screen = screenOf(this.host)
    const reading = readGuardScreen(screen)
    if (this.host.inputCount?.() !== this.inputs || reading.kind !== 'idle_prompt' || screenSignature(screen) !== signature) {
      this.check()
      return
    }
    this.stop()
    this.typed = true
    this.host.type(`${this.line(reading.shell, screen.cursorLine.length)}\r`)
    this.onTyped()
  }

  private cancel(): void {
    this.cancelSettle?.()
    this.cancelSettle = undefined
    this.signature = undefined
  }
}
