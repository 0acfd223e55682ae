/**
 * Keys and pastes on their way to the core, one request at a time. A request carries at most
 * `maxChars` characters: a big paste in one request would exceed browser mode's WebSocket frame
 * limit, which closes the connection. The next request goes out only when the reply to the one
 * before has come back, so a paste cannot pile up in the transport or the core faster than the
 * SSH channel takes it, and keys typed meanwhile follow the paste in order.
 */
export class InputQueue {
  private readonly items: string[] = []
  /** How much of `items[0]` has already gone out. */
  private offset = 0
  private sending = false
  private disposed = false

  constructor(
    private readonly send: (data: string) => Promise<unknown>,
    private readonly maxChars: number,
  ) {
    if (!Number.isInteger(maxChars) || maxChars < 2) throw new RangeError('maxChars must be an integer of at least 2 (a surrogate pair).')
  }

  push(data: string): void {
    if (data === '' || this.disposed) return
    this.items.push(data)
    if (!this.sending) void this.run()
  }

  /** Drops what is waiting; nothing more is sent. */
  dispose(): void {
    this.disposed = true
    this.clear()
  }

  private async run(): Promise<void> {
    this.sending = true
    try {
      for (let piece = this.next(); piece !== undefined && !this.disposed; piece = this.next()) {
        try {
          await this.send(piece)
        } catch {
          // The session is gone or the connection dropped: the rest of a paste sent after a gap
          // would run as other commands than the user pasted, so what waits is dropped too.
          this.clear()
        }
      }
    } finally {
      this.sending = false
    }
  }

  /**
   * The next request's text: a piece of a long item, or as many whole short items as fit (keys
   * typed while a request was on its way go out together, as a fast typist's would over SSH).
   */
  private next(): string | undefined {
    const head = this.items[0]
    if (head === undefined) return undefined
    if (this.offset > 0 || head.length > this.maxChars) {
      const end = cutPoint(head, this.offset, this.maxChars)
      const piece = head.slice(this.offset, end)
      if (end === head.length) {
        this.items.shift()
        this.offset = 0
      } else this.offset = end
      return piece
    }
    let piece = this.items.shift() ?? ''
    for (let item = this.items[0]; item !== undefined && piece.length + item.length <= this.maxChars; item = this.items[0]) {
      piece += item
      this.items.shift()
    }
    return piece
  }

  private clear(): void {
    this.items.length = 0
    this.offset = 0
  }
}

/**
 * Where a piece of `text` starting at `from` ends: at most `maxChars` characters on, and never
 * between the two halves of a surrogate pair (a character outside the BMP, such as an emoji),
 * which would reach the host as two invalid halves.
 */
function cutPoint(text: string, from: number, maxChars: number): number {
  const end = Math.min(text.length, from + maxChars)
  if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) return end - 1
  return end
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
