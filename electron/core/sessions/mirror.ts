import { Terminal } from '@xterm/headless'
import { lineText } from '@shared/terminal-line'
import { recycleScrolledRows } from '@shared/terminal-scroll'
import { sleep } from '../timing'
import { serializeTerminal, type TrackedModes } from './serialize'

/** What the guard and the alerts may read of a session's screen, and how they hear of changes. */
export interface MirrorView {
  /** The status row: the last row of the screen, trailing blanks of unwritten cells trimmed. */
  lastRow(): string
  /** The visible screen, one line per row. */
  screenText(): string
  /** Called after the screen changed; returns the way to stop listening. */
  onChange(listener: () => void): () => void
}

/** How long keys typed may take to echo before the screen counts as still without it. */
const ECHO_WAIT_MS = 300
/** How often listeners hear of changes while output never pauses (a flood). */
const BUSY_NOTIFY_MS = 50

/**
 * A headless xterm.js fed the same text as the renderer, so the core knows what the user sees:
 * the status row (windows, the guard's marker), the prompt under the cursor, a snapshot for a
 * view that attaches late. Listeners hear of a change once the writes so far are parsed (or at
 * least every 50 ms during a flood), not once per chunk.
 */
export class ScreenMirror implements MirrorView {
  readonly term: Terminal
  private readonly listeners = new Set<() => void>()
  /** Text written and not yet parsed, in order: a snapshot appends it so it misses nothing. */
  private readonly unparsed: string[] = []
  private readonly modes: { cursorHidden: boolean; regions: { normal?: Region; alternate?: Region } } = {
    cursorHidden: false,
    regions: {},
  }
  private notifyQueued = false
  private lastNotify = 0
  private lastWrite = 0
  private lastInput = 0
  private disposed = false

  constructor(
    cols: number,
    rows: number,
    private readonly onParsed: (bytes: number) => void = () => undefined,
  ) {
    this.term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true })
    // Every line of a flood scrolls inside tmux's region: without this the mirror took a 128 KiB
    // `yes` backlog in about 100 ms, time an interrupt waits for before the prompt is shown.
    recycleScrolledRows(this.term)
    this.trackModes()
  }

  get cols(): number {
    return this.term.cols
  }

  get rows(): number {
    return this.term.rows
  }

  write(text: string, bytes: number): void {
    if (this.disposed || text === '') return
    this.unparsed.push(text)
    this.lastWrite = Date.now()
    this.term.write(text, () => {
      this.unparsed.shift()
      this.onParsed(bytes)
      this.queueNotify()
    })
  }

  resize(cols: number, rows: number): void {
    if (this.disposed || (cols === this.term.cols && rows === this.term.rows)) return
    this.term.resize(cols, rows)
    // xterm.js resets the scroll regions on resize; tmux sets them again when it redraws.
    this.modes.regions = {}
    this.queueNotify()
  }

  lastRow(): string {
    return this.row(this.term.rows - 1)
  }

  /** Row `y` of the screen, as wide as the screen (lineText). */
  row(y: number): string {
    const buffer = this.term.buffer.active
    return lineText(buffer.getLine(buffer.baseY + y), this.term.cols, true)
  }

  screenText(): string {
    return Array.from({ length: this.term.rows }, (_, y) => this.row(y).trimEnd()).join('\n')
  }

  /** The cursor's row, split at the cursor. */
  cursorLine(): { before: string; after: string; y: number } {
    const buffer = this.term.buffer.active
    const text = lineText(buffer.getLine(buffer.baseY + buffer.cursorY), this.term.cols, false)
    return { before: text.slice(0, buffer.cursorX), after: text.slice(buffer.cursorX), y: buffer.cursorY }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Keys went to the session: their echo is on its way. */
  noteInput(): void {
    this.lastInput = Date.now()
  }

  /**
   * Resolves once the screen is still: keys typed lately have had their echo (or ECHO_WAIT_MS
   * passed without one), nothing was written for `quietMs`, all of it is parsed; or after
   * `limitMs` anyway.
   */
  async settle(quietMs: number, limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs
    while (Date.now() < deadline && !this.disposed) {
      const now = Date.now()
      const echoed = this.lastWrite > this.lastInput || now - this.lastInput >= ECHO_WAIT_MS
      const idleFor = now - this.lastWrite
      if (echoed && idleFor >= quietMs && this.unparsed.length === 0) return
      await sleep(Math.max(5, Math.min(quietMs - idleFor, 20)))
    }
  }

  /** The screen as escape sequences for a fresh xterm.js, including text not parsed yet. */
  snapshot(): string {
    const active = this.term.buffer.active.type
    const modes: TrackedModes = { cursorHidden: this.modes.cursorHidden, scrollRegion: this.modes.regions[active] }
    return serializeTerminal(this.term, modes) + this.unparsed.join('')
  }

  dispose(): void {
    this.disposed = true
    this.listeners.clear()
    this.term.dispose()
  }

  private queueNotify(): void {
    if (this.notifyQueued) return
    this.notifyQueued = true
    setImmediate(() => {
      this.notifyQueued = false
      if (this.disposed) return
      // Mid-stream the status row may be half drawn: wait for the rest unless output never stops.
      if (this.unparsed.length > 0 && Date.now() - this.lastNotify < BUSY_NOTIFY_MS) return
      this.lastNotify = Date.now()
      for (const listener of [...this.listeners]) listener()
    })
  }

  /** Cursor visibility and scroll regions, which xterm.js keeps private, read off the stream. */
  private trackModes(): void {
    const decPrivate = (set: boolean) => (params: (number | number[])[]) => {
      if (params.includes(25)) this.modes.cursorHidden = !set
      return false
    }
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'h' }, decPrivate(true))
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'l' }, decPrivate(false))
    this.term.parser.registerCsiHandler({ final: 'r' }, (params) => {
      const top = typeof params[0] === 'number' && params[0] > 0 ? params[0] : 1
      const bottom = typeof params[1] === 'number' && params[1] > 0 ? params[1] : this.term.rows
      const full = top === 1 && bottom >= this.term.rows
      if (top < bottom) this.modes.regions[this.term.buffer.active.type] = full ? undefined : { top, bottom }
      return false
    })
  }
}

type Region = { top: number; bottom: number }
