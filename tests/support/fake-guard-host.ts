import type { GuardHost } from '../../electron/core/alerts/guard'
import { lastRow, screenText, type CapturedScreen } from './guard-screens'

/** A session as the guard sees it: one captured screen at a time, and what was typed. */
export class FakeHost implements GuardHost {
  readonly typed: string[] = []
  alternate = false
  /** Keys sent into the session by anyone, the guard included. */
  inputs = 0
  private readonly listeners = new Set<() => void>()

  constructor(
    private screen: CapturedScreen,
    readonly readOnly = false,
  ) {}

  show(screen: CapturedScreen, alternate = false): void {
    this.screen = screen
    this.alternate = alternate
    for (const listener of [...this.listeners]) listener()
  }

  listening(): number {
    return this.listeners.size
  }

  lastRow(): string {
    return lastRow(this.screen)
  }

  cursorLine(): string {
    return this.screen.cursorLine
  }

  afterCursor(): string {
    return this.screen.afterCursor ?? ''
  }

  alternateScreen(): boolean {
    return this.alternate
  }

  screenText(): string {
    return screenText(this.screen)
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  type(data: string): void {
    this.typed.push(data)
    this.inputs += 1
  }

  inputCount(): number {
    return this.inputs
  }
}

