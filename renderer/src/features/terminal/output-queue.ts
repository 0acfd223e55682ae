/**
 * What the page holds of a session's output before xterm.js parses it. xterm.js is handed only
 * `aheadBytes` at a time, and the rest waits here, because what xterm.js was handed cannot be taken
 * back: when the core sends a restart (the screen as it is now, after an interrupt skipped a flood),
 * the output still waiting here is superseded and dropped, so the prompt is drawn without first
 * parsing the flood the user stopped. Dropped bytes count as done for acknowledgement, as parsed
 * ones do.
 */
export interface OutputChunk {
  data: string
  bytes: number
}

export class OutputQueue {
  private waiting: OutputChunk[] = []
  private handedBytes = 0

  /**
   * `write` hands a chunk to the parser and calls back once it is parsed; `done` is told the bytes
   * parsed or dropped.
   */
  constructor(
    private readonly write: (data: string, parsed: () => void) => void,
    private readonly done: (bytes: number) => void,
    private readonly aheadBytes: number,
  ) {}

  push(chunk: OutputChunk, restart = false): void {
    if (restart) this.dropWaiting()
    this.waiting.push(chunk)
    this.feed()
  }

  /** Bytes waiting here, not yet handed to the parser. */
  get waitingBytes(): number {
    return this.waiting.reduce((sum, chunk) => sum + chunk.bytes, 0)
  }

  private dropWaiting(): void {
    const dropped = this.waitingBytes
    this.waiting = []
    if (dropped > 0) this.done(dropped)
  }

  private feed(): void {
    // One chunk always goes, however large: the parser is never left idle with output waiting.
    while (this.waiting.length > 0 && (this.handedBytes === 0 || this.handedBytes < this.aheadBytes)) {
      const chunk = this.waiting.shift() as OutputChunk
      this.handedBytes += chunk.bytes
      this.write(chunk.data, () => {
        this.handedBytes -= chunk.bytes
        this.done(chunk.bytes)
        this.feed()
      })
    }
  }
}
