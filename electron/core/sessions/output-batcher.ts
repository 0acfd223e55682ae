/**
 * Joins a session's output before it crosses to the renderer, as VS Code's TerminalDataBufferer
 * does, so a flood becomes a few hundred messages a second instead of thousands. Unlike VS Code's,
 * output that comes after a quiet spell goes at once: an echo or a prompt would otherwise wait
 * `flushMs` for company that rarely comes. Only output that follows within `flushMs` of a send is
 * held, and then for at most `flushMs` (or until `maxBytes` are held).
 */
export class OutputBatcher {
  private parts: string[] = []
  private bytes = 0
  /** Set while output keeps coming: it ends a batch, or (nothing held) the busy spell. */
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly send: (data: string, bytes: number) => void,
    private readonly options: { flushMs: number; maxBytes: number } = { flushMs: 5, maxBytes: 64 * 1024 },
  ) {}

  push(text: string, bytes: number): void {
    if (text === '') return
    if (this.timer === undefined) {
      this.send(text, bytes)
      this.arm()
      return
    }
    this.parts.push(text)
    this.bytes += bytes
    if (this.bytes >= this.options.maxBytes) this.sendHeld()
  }

  /** Sends what is held now (before a snapshot, at the end of a connection). */
  flush(): void {
    this.sendHeld()
  }

  /** Forgets what is held: it is for a renderer that will be caught up another way. */
  drop(): void {
    this.parts = []
    this.bytes = 0
  }

  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.parts = []
    this.bytes = 0
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.parts.length === 0) return
      this.sendHeld()
      this.arm()
    }, this.options.flushMs)
  }

  private sendHeld(): void {
    if (this.parts.length === 0) return
    const data = this.parts.length === 1 ? (this.parts[0] ?? '') : this.parts.join('')
    const bytes = this.bytes
    this.parts = []
    this.bytes = 0
    this.send(data, bytes)
  }
}
