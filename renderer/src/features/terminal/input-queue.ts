/**
 * Keys and pastes on their way to the core, at most `maxInFlight` requests at a time. A request
 * carries at most `maxChars` characters: a big paste in one request would exceed browser mode's
 * WebSocket frame limit, which closes the connection. The core answers a request once the SSH
 * channel has sent it, so a paste cannot pile up in the transport or the core faster than the
 * channel takes it, and keys typed meanwhile follow the paste in order. With two in flight the
 * next piece is already in the core when the channel finishes one, so the channel never idles for
 * a round trip through a page that is busy drawing the paste's echo.
 */
export class InputQueue {
  private readonly items: string[] = []
  /** How much of `items[0]` has already gone out. */
  private offset = 0
  private inFlight = 0
  private disposed = false

  constructor(
    private readonly send: (data: string) => Promise<unknown>,
    private readonly maxChars: number,
    private readonly maxInFlight = 1,
  ) {
    if (!Number.isInteger(maxChars) || maxChars < 2) throw new RangeError('maxChars must be an integer of at least 2 (a surrogate pair).')
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer.')
  }

  push(data: string): void {
    if (data === '' || this.disposed) return
    this.items.push(data)
    this.pump()
  }

  /** Drops what is waiting; nothing more is sent. */
  dispose(): void {
    this.disposed = true
    this.clear()
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && !this.disposed) {
      const piece = this.next()
      if (piece === undefined) return
      this.inFlight += 1
      this.send(piece)
        .catch(() => {
          // The session is gone or the connection dropped: the rest of a paste sent after a gap
          // would run as other commands than the user pasted, so what waits is dropped too.
          this.clear()
        })
        .finally(() => {
          this.inFlight -= 1
          this.pump()
        })
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
