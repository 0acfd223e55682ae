import { type AnsiStyle, PLAIN_STYLE, type StyledSegment, styleAfter } from './ansi'
import { type LogMarker, type RenderedContent, extractLogMarkers, renderLogContent, renderLogLine, withoutTrailingReturns } from './log-line'

/**
 * A Travis job log as lines and folds, built incrementally: the log of a running job grows by
 * parts, and a debug job's log can reach tens of thousands of lines, so each chunk is parsed once.
 * Line and fold positions are 0-based indexes into `lines` (travis-web numbers lines from 1).
 */

export interface LogLine {
  readonly text: string
  readonly segments: readonly StyledSegment[]
}

/**
 * A line keeps its content and the style it starts in, and renders on first use: a log viewer
 * draws only the lines in view, and parsing stays fast enough for logs of 50 000 lines.
 */
class StoredLine implements LogLine {
  private rendered: RenderedContent | undefined

  constructor(
    private readonly content: string,
    private readonly startStyle: AnsiStyle,
  ) {}

  static of(rendered: RenderedContent): StoredLine {
    const line = new StoredLine('', PLAIN_STYLE)
    line.rendered = rendered
    return line
  }

  get text(): string {
    return this.render().text
  }

  get segments(): readonly StyledSegment[] {
    return this.render().segments
  }

  private render(): RenderedContent {
    this.rendered ??= renderLogContent(this.content, this.startStyle)
    return this.rendered
  }
}

export interface LogFold {
  readonly name: string
  /** The fold's first line, which travis-web shows as its title. */
  readonly start: number
  /** Its last line, inclusive; undefined while the fold is still open. */
  readonly end: number | undefined
  /** 0 for a top-level fold. */
  readonly depth: number
  /** From the `travis_time` timer that starts on the fold's first line. */
  readonly durationMs?: number
}

export interface LogTimer {
  readonly id: string
  /** The line the timed command is printed on. */
  readonly line: number
  /** Undefined until the timer's end marker arrives. */
  readonly durationMs?: number
}

export interface LogUpdate {
  /** Index of the first line this call completed; equals the old line count when none was. */
  readonly firstNewLine: number
  readonly newLines: number
  /** True when `sync` found the text was not a continuation and started over. */
  readonly reset: boolean
}

interface MutableFold {
  name: string
  start: number
  end: number | undefined
  depth: number
  durationMs?: number
  empty: boolean
}

interface MutableTimer {
  id: string
  line: number
  durationMs?: number
}

const VISIBLE = /\S/
/**
 * The end of an unfinished line that may still become a marker once the rest arrives; hidden from
 * the provisional line so a marker never flashes up as text.
 */
const MARKER_IN_PROGRESS = /travis(?:_(?:f(?:o(?:l(?:d(?::\S*)?)?)?)?|t(?:i(?:m(?:e(?::\S*)?)?)?)?)?)?$/
const BLANK = /\s/

/**
 * A marker holds no blank, so one in progress lies in the last run of non-blanks; the pattern is
 * tried on that run only. On the whole line, each `travis` followed by a long run and then a blank
 * would be matched to the blank and given up, which is quadratic in a line of markers.
 */
function withoutMarkerInProgress(tail: string): string {
  let runStart = tail.length
  while (runStart > 0 && !BLANK.test(tail[runStart - 1] ?? '')) runStart--
  const run = tail.slice(runStart)
  const kept = run.replace(MARKER_IN_PROGRESS, '')
  return kept.length === run.length ? tail : tail.slice(0, runStart) + kept
}

export class TravisLog {
  private readonly complete: LogLine[] = []
  /** The unfinished last line, as it arrived. */
  private tailPieces: string[] = []
  private received = ''
  private style: AnsiStyle = PLAIN_STYLE
  private allFolds: MutableFold[] = []
  private open: MutableFold[] = []
  /**
   * The open folds of each name, oldest first: an end marker closes the newest of its name, and
   * searching `open` for it would be quadratic in a log of ends that match nothing.
   */
  private openByName = new Map<string, MutableFold[]>()
  /** The last fold opened on each line, for giving it the duration of the timer that starts there. */
  private foldByStart = new Map<number, MutableFold>()
  private timerList: MutableTimer[] = []
  private openTimers = new Map<string, MutableTimer>()
  /** The rendered unfinished line: undefined until worked out after an append, null when it shows nothing. */
  private partial: LogLine | null | undefined

  /** Adds the next piece of the log; a chunk may end anywhere, even inside `\r\n` or an escape. */
  append(chunk: string): LogUpdate {
    const before = this.complete.length
    this.received += chunk
    this.partial = undefined
    let nl = chunk.indexOf('\n')
    if (nl < 0) {
      // Kept in pieces and joined once the line is complete: joining at each chunk, and then
      // searching the joined text, would go over a long line once per chunk.
      if (chunk !== '') this.tailPieces.push(chunk)
      return { firstNewLine: before, newLines: 0, reset: false }
    }
    this.commit(this.tail + chunk.slice(0, nl))
    let from = nl + 1
    for (nl = chunk.indexOf('\n', from); nl >= 0; nl = chunk.indexOf('\n', from)) {
      this.commit(chunk.slice(from, nl))
      from = nl + 1
    }
    this.tailPieces = from < chunk.length ? [chunk.slice(from)] : []
    return { firstNewLine: before, newLines: this.complete.length - before, reset: false }
  }

  /** The unfinished last line. */
  private get tail(): string {
    if (this.tailPieces.length > 1) this.tailPieces = [this.tailPieces.join('')]
    return this.tailPieces[0] ?? ''
  }

  /**
   * For polling an endpoint that returns the whole log each time: parses only what was added, or
   * starts over when the text no longer begins with what was seen (a restarted job's log is
   * cleared, and log parts may arrive out of order).
   */
  sync(fullText: string): LogUpdate {
    if (fullText.length >= this.received.length && fullText.startsWith(this.received)) {
      return this.append(fullText.slice(this.received.length))
    }
    this.clear()
    return { ...this.append(fullText), reset: true }
  }

  get lines(): readonly LogLine[] {
    return this.complete
  }

  /** The unfinished last line as it shows so far, or undefined while it shows nothing; it may still change. */
  get partialLine(): LogLine | undefined {
    if (this.partial === undefined) this.partial = this.renderPartial()
    return this.partial ?? undefined
  }

  get folds(): readonly LogFold[] {
    return this.allFolds
      .filter((fold) => !fold.empty)
      .map(({ name, start, end, depth, durationMs }) =>
        durationMs === undefined ? { name, start, end, depth } : { name, start, end, depth, durationMs },
      )
  }

  get timers(): readonly LogTimer[] {
    return this.timerList.map((timer) => ({ ...timer }))
  }

  private clear(): void {
    this.complete.length = 0
    this.tailPieces = []
    this.received = ''
    this.style = PLAIN_STYLE
    this.allFolds = []
    this.open = []
    this.openByName = new Map()
    this.foldByStart = new Map()
    this.timerList = []
    this.openTimers = new Map()
    this.partial = undefined
  }

  private commit(raw: string): void {
    const line = withoutTrailingReturns(raw)
    const index = this.complete.length
    if (line.includes('travis_')) {
      const { content, markers } = extractLogMarkers(line)
      if (markers.length > 0) {
        const rendered = renderLogContent(content, this.style)
        this.style = rendered.style
        for (const marker of markers) this.applyMarker(marker, index)
        // travis-web hides lines that only carried markers; a genuinely empty line stays.
        if (VISIBLE.test(rendered.text)) this.complete.push(StoredLine.of(rendered))
        return
      }
    }
    const start = this.style
    this.style = styleAfter(line, start)
    this.complete.push(new StoredLine(line, start))
  }

  private applyMarker(marker: LogMarker, index: number): void {
    switch (marker.kind) {
      case 'fold_start': {
        const fold: MutableFold = { name: marker.name, start: index, end: undefined, depth: this.open.length, empty: false }
        this.allFolds.push(fold)
        this.open.push(fold)
        const sameName = this.openByName.get(fold.name)
        if (sameName) sameName.push(fold)
        else this.openByName.set(fold.name, [fold])
        this.foldByStart.set(index, fold)
        return
      }
      case 'fold_end': {
        // An open fold's depth is its place in `open`.
        const at = this.openByName.get(marker.name)?.at(-1)?.depth
        if (at === undefined) return
        // An end marker before any text on its line closes the fold on the line above.
        const end = marker.afterText ? index : index - 1
        for (const fold of this.open.slice(at)) {
          fold.end = end
          fold.empty = end < fold.start
          this.openByName.get(fold.name)?.pop()
        }
        this.open.length = at
        return
      }
      case 'time_start': {
        const timer: MutableTimer = { id: marker.id, line: index }
        this.timerList.push(timer)
        this.openTimers.set(marker.id, timer)
        return
      }
      case 'time_end': {
        const timer = this.openTimers.get(marker.id)
        if (!timer) return
        this.openTimers.delete(marker.id)
        if (marker.durationNs === undefined) return
        const durationMs = marker.durationNs / 1e6
        timer.durationMs = durationMs
        const fold = this.foldByStart.get(timer.line)
        if (fold && fold.durationMs === undefined) fold.durationMs = durationMs
        return
      }
    }
  }

  private renderPartial(): LogLine | null {
    const tail = this.tail
    if (tail === '') return null
    const visible = withoutMarkerInProgress(tail)
    const rendered = renderLogLine(visible, this.style)
    if (rendered.text === '' || (!VISIBLE.test(rendered.text) && (rendered.markers.length > 0 || visible !== tail))) return null
    return StoredLine.of(rendered)
  }
}

/** A whole log at once: the same result as appending it to a new `TravisLog`. */
export function parseTravisLog(text: string): {
  lines: readonly LogLine[]
  partialLine: LogLine | undefined
  folds: readonly LogFold[]
  timers: readonly LogTimer[]
} {
  const log = new TravisLog()
  log.append(text)
  return { lines: log.lines, partialLine: log.partialLine, folds: log.folds, timers: log.timers }
}
