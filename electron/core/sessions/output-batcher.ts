/**
 * Joins a session's output for a few milliseconds before it crosses to the renderer, as VS Code's
 * TerminalDataBufferer does: a flood becomes a few dozen messages a second instead of thousands.
 */
export class OutputBatcher {
  private parts: string[] = []
  private bytes = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly send: (data: string, bytes: number) => void,
    private readonly options: { flushMs: number; maxBytes: number } = { flushMs: 5, maxBytes: 64 * 1024 },
  ) {}

  push(text: string, bytes: number): void {
    if (text === '') return
    this.parts.push(text)
    this.bytes += bytes
    if (this.bytes >= this.options.maxBytes) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs)
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.parts.length === 0) return
    const data = this.parts.join('')
    const bytes = this.bytes
    this.parts = []
    this.bytes = 0
    this.send(data, bytes)
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.parts = []
    this.bytes = 0
  }
}
