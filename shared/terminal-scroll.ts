/**
 * xterm.js gives every line that scrolls inside a scroll region a newly allocated row, unless the
 * region reaches the last row of the screen. tmux always sets a region that stops above its status
 * row, so on a tmate session every line of a flood costs an allocation of a row (12 bytes a cell)
 * and its garbage collection: a `yes` flood parsed about ten times slower than the same flood
 * without the region (xterm.js 6.0, headless, 139 × 35). The row that scrolls out of the region is
 * dropped anyway, so it is cleared and handed back as the new blank row, which is what xterm.js
 * itself does when the region reaches the last row and the buffer is full.
 *
 * This reaches into xterm.js's internals (its buffer service), which its public API does not
 * expose; where they are not what this expects, nothing changes and `false` says so.
 */

interface AttrData {
  fg: number
  bg: number
}

interface BufferLine {
  readonly length: number
  isWrapped: boolean
  copyFrom(line: BufferLine): void
  getFg(index: number): number
  getBg(index: number): number
}

interface LineList {
  readonly length: number
  readonly isFull: boolean
  get(index: number): BufferLine | undefined
  set(index: number, line: BufferLine): void
  splice(start: number, deleteCount: number, ...items: BufferLine[]): void
  shiftElements(start: number, count: number, offset: number): void
}

interface Buffer {
  lines: LineList
  ybase: number
  ydisp: number
  scrollTop: number
  scrollBottom: number
  getBlankLine(attr: AttrData, isWrapped?: boolean): BufferLine
}

interface BufferService {
  cols: number
  buffer: Buffer
  isUserScrolling: boolean
  scroll(eraseAttr: AttrData, isWrapped?: boolean): void
  _onScroll: { fire(ydisp: number): void }
}

function bufferServiceOf(terminal: object): BufferService | undefined {
  const service = (terminal as { _core?: { _bufferService?: Partial<BufferService> } })._core?._bufferService
  const buffer = service?.buffer
  const ok =
    typeof service?.scroll === 'function' &&
    typeof service._onScroll?.fire === 'function' &&
    typeof buffer?.getBlankLine === 'function' &&
    typeof buffer.lines?.splice === 'function' &&
    typeof buffer.lines.shiftElements === 'function' &&
    typeof buffer.lines.isFull === 'boolean'
  return ok ? (service as BufferService) : undefined
}

/**
 * Makes a line scrolling inside a region reuse the row it pushes out, on one xterm.js terminal
 * (the page's or the headless mirror's). Returns whether it could.
 */
export function recycleScrolledRows(terminal: object): boolean {
  const service = bufferServiceOf(terminal)
  if (service === undefined) return false
  const scrollAsBefore = service.scroll.bind(service)
  let blank: BufferLine | undefined
  const blankLine = (buffer: Buffer, attr: AttrData): BufferLine => {
    if (blank === undefined || blank.length !== service.cols || blank.getFg(0) !== attr.fg || blank.getBg(0) !== attr.bg) {
      blank = buffer.getBlankLine(attr, false)
    }
    return blank
  }
  service.scroll = (eraseAttr, isWrapped = false) => {
    const buffer = service.buffer
    const { lines } = buffer
    const top = buffer.ybase + buffer.scrollTop
    const bottom = buffer.ybase + buffer.scrollBottom
    const regionAtTop = buffer.scrollTop === 0
    // Scrolling into the scrollback (not full yet) keeps every row; xterm.js recycles by itself
    // when the region reaches the last row.
    if (regionAtTop && (bottom === lines.length - 1 || !lines.isFull)) return scrollAsBefore(eraseAttr, isWrapped)
    const leaving = lines.get(regionAtTop ? 0 : top)
    if (leaving === undefined) return scrollAsBefore(eraseAttr, isWrapped)
    leaving.copyFrom(blankLine(buffer, eraseAttr))
    leaving.isWrapped = isWrapped
    if (regionAtTop) {
      // The buffer is full: inserting below the region drops its first row, which is `leaving`.
      lines.splice(bottom + 1, 0, leaving)
      if (service.isUserScrolling) buffer.ydisp = Math.max(buffer.ydisp - 1, 0)
    } else {
      lines.shiftElements(top + 1, bottom - top, -1)
      lines.set(bottom, leaving)
    }
    if (!service.isUserScrolling) buffer.ydisp = buffer.ybase
    service._onScroll.fire(buffer.ydisp)
  }
  return true
}
