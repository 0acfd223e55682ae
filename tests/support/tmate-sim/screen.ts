import { Terminal } from '@xterm/headless'

/**
 * A headless xterm.js reading a viewer's byte stream, for tests: what an SSH viewer would
 * show. Answers to terminal queries (tmux asks for device attributes) go to `respond`, as a
 * real terminal would send them back.
 */
export class Screen {
  readonly term: Terminal

  constructor(cols: number, rows: number, respond?: (data: string) => void) {
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 })
    if (respond) this.term.onData(respond)
  }

  write(data: Buffer | string): void {
    this.term.write(typeof data === 'string' ? data : new Uint8Array(data))
  }

  /** Resolves once everything written so far has been parsed. */
  flush(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve))
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows)
  }

  /**
   * Visible row `y` (0 = top). Trailing blanks are removed unless `untrimmed`, including the
   * spaces tmux writes to fill its status row (xterm.js only trims cells never written).
   */
  row(y: number, untrimmed = false): string {
    const buffer = this.term.buffer.active
    const text = buffer.getLine(buffer.baseY + y)?.translateToString(!untrimmed) ?? ''
    return untrimmed ? text : text.replace(/ +$/, '')
  }

  lastRow(untrimmed = false): string {
    return this.row(this.term.rows - 1, untrimmed)
  }

  rows(): string[] {
    return Array.from({ length: this.term.rows }, (_, y) => this.row(y))
  }

  text(): string {
    return this.rows().join('\n')
  }

  /** Polls (after parsing pending output) until `check` returns a value other than undefined/false. */
  async waitFor<T>(check: (screen: Screen) => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      await this.flush()
      const result = check(this)
      if (result !== undefined && result !== false) return result
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${this.text()}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  waitForLastRow(pattern: RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor((s) => (pattern.test(s.lastRow()) ? s.lastRow() : undefined), `last row ${pattern}`, timeoutMs)
  }

  waitForText(pattern: RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor((s) => s.text().match(pattern)?.[0], `text ${pattern}`, timeoutMs)
  }
}
