import type { GuardHost } from '../../electron/core/alerts/guard'
import type { JoinWatchScreen } from '../../electron/core/alerts/join-watch'
import type { Ssh2Viewer } from './tmate-sim/ssh2-viewer'

/** Quiet time after output before listeners hear of it, as the app's screen mirror waits for a redraw to finish. */
const SETTLE_MS = 20

/**
 * A GuardHost over a test viewer (ssh2 + @xterm/headless), standing in for the session core's
 * mirror: it reads the viewer's screen, tells listeners once output has been parsed and gone
 * quiet, and records every keystroke the guard types.
 */
export class ViewerGuardHost implements GuardHost, JoinWatchScreen {
  /** Everything typed through this host, in order. */
  readonly typed: string[] = []
  private readonly listeners = new Set<() => void>()
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly viewer: Ssh2Viewer,
    readonly readOnly = false,
  ) {
    viewer.stream.on('data', () => {
      void viewer.screen.flush().then(() => this.changed())
    })
  }

  lastRow(): string {
    return this.viewer.screen.lastRow()
  }

  cursorLine(): string {
    const buffer = this.viewer.screen.term.buffer.active
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(false, 0, buffer.cursorX) ?? ''
  }

  afterCursor(): string {
    const buffer = this.viewer.screen.term.buffer.active
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(false, buffer.cursorX) ?? ''
  }

  /** tmux holds the viewer on its own alternate screen throughout, so xterm's buffer type tells nothing. */
  alternateScreen(): boolean {
    return false
  }

  screenText(): string {
    return this.viewer.screen.text()
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  type(data: string): void {
    this.typed.push(data)
    this.viewer.send(data)
  }

  private changed(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      for (const listener of [...this.listeners]) listener()
    }, SETTLE_MS)
  }
}
