import { type AnsiStyle, type StyledSegment, applySgr, hasControl, isSgr, sameStyle, scanAnsi, stripAnsi } from './ansi'

/**
 * One raw line of a Travis job log (without its `\n`) turned into what a terminal would show, plus
 * the fold and timer markers travis-build hid in it.
 *
 * travis-build writes markers as `travis_fold:start:NAME\r\e[0K` so that a terminal erases them;
 * they are cut out with their `\r\e[0K` before anything else, because the erase would otherwise
 * also wipe text written before a marker on the same line.
 */

export type LogMarker =
  | { readonly kind: 'fold_start' | 'fold_end'; readonly name: string; readonly afterText: boolean }
  | { readonly kind: 'time_start'; readonly id: string; readonly afterText: boolean }
  | { readonly kind: 'time_end'; readonly id: string; readonly afterText: boolean; readonly durationNs?: number }

export interface RenderedContent {
  /** What the line shows, without styling. */
  readonly text: string
  readonly segments: readonly StyledSegment[]
  /** The SGR state at the end of the line, which the next line starts from. */
  readonly style: AnsiStyle
}

export interface RenderedLine extends RenderedContent {
  readonly markers: readonly LogMarker[]
}

const ESC = '\x1b'
/** Built from a string: lint rightly keeps control characters out of regex literals. */
const MARKER = new RegExp(`travis_(fold|time):(start|end):([^\\s${ESC}]+)\\r?(?:${ESC}\\[0?K)?`, 'g')
const VISIBLE = /\S/

export function renderLogLine(raw: string, style: AnsiStyle): RenderedLine {
  const line = withoutTrailingReturns(raw)
  const { content, markers } = line.includes('travis_') ? extractLogMarkers(line) : { content: line, markers: [] }
  return { ...renderLogContent(content, style), markers }
}

/** A `\r` right before the newline only moves the cursor home: `\r\n` endings change nothing. */
export function withoutTrailingReturns(raw: string): string {
  let end = raw.length
  while (end > 0 && raw.charCodeAt(end - 1) === 13) end--
  return end === raw.length ? raw : raw.slice(0, end)
}

export function extractLogMarkers(line: string): { content: string; markers: LogMarker[] } {
  const markers: LogMarker[] = []
  let content = ''
  let from = 0
  // Only the text since the last marker is looked at: testing all of it for each marker would make
  // a line of many markers quadratic.
  let afterText = false
  MARKER.lastIndex = 0
  for (let match = MARKER.exec(line); match; match = MARKER.exec(line)) {
    const before = line.slice(from, match.index)
    content += before
    from = MARKER.lastIndex
    afterText ||= VISIBLE.test(stripAnsi(before))
    const [, family, phase, rest = ''] = match
    if (family === 'fold') markers.push({ kind: phase === 'start' ? 'fold_start' : 'fold_end', name: rest, afterText })
    else if (phase === 'start') markers.push({ kind: 'time_start', id: rest, afterText })
    else markers.push(timeEnd(rest, afterText))
  }
  content += line.slice(from)
  return { content, markers }
}

const DURATION = /[:,]duration=(\d+)/
const START = /[:,]start=(\d+)/
const FINISH = /[:,]finish=(\d+)/

/** `ID:start=…,finish=…,duration=…,event=…` with nanosecond stamps. */
function timeEnd(rest: string, afterText: boolean): LogMarker {
  const colon = rest.indexOf(':')
  const id = colon < 0 ? rest : rest.slice(0, colon)
  const field = (pattern: RegExp): number => Number(pattern.exec(rest)?.[1] ?? NaN)
  const duration = field(DURATION)
  const durationNs = Number.isFinite(duration) ? duration : field(FINISH) - field(START)
  return Number.isFinite(durationNs) && durationNs >= 0
    ? { kind: 'time_end', id, afterText, durationNs }
    : { kind: 'time_end', id, afterText }
}

/** Renders line content whose markers are already gone. */
export function renderLogContent(content: string, style: AnsiStyle): RenderedContent {
  if (!hasControl(content)) return { text: content, segments: content === '' ? [] : [{ text: content, style }], style }
  return (content.includes('\r') || content.includes('\b') ? undefined : renderInOrder(content, style)) ?? renderOnCells(content, style)
}

/** Cursor moves and erases that are not no-ops once the cursor is at the end of what was written. */
function movesCursor(params: string, final: string): boolean {
  if (final === 'K') return params !== '' && params !== '0'
  return final === 'G' || final === 'C' || final === 'D'
}

/**
 * The common case, colours and clears in writing order, in one pass; undefined when the line moves
 * the cursor back after all, so the caller falls back to the cell model.
 */
function renderInOrder(content: string, start: AnsiStyle): RenderedContent | undefined {
  const segments: StyledSegment[] = []
  let text = ''
  let style = start
  let moves = false
  scanAnsi(content, {
    text(run) {
      const shown = hasControl(run) ? [...run].filter((ch) => !hasControl(ch)).join('') : run
      if (shown === '') return
      text += shown
      const last = segments[segments.length - 1]
      if (last && sameStyle(last.style, style)) segments[segments.length - 1] = { text: last.text + shown, style: last.style }
      else segments.push({ text: shown, style })
    },
    csi(params, final) {
      if (isSgr(params, final)) style = applySgr(style, params)
      else if (movesCursor(params, final)) moves = true
    },
  })
  return moves ? undefined : { text, segments, style }
}

/**
 * The rightmost column a cursor move reaches, as a terminal stops at its right edge. Text still
 * extends the row beyond it; only moves stop there, so a line of a few bytes (`\e[999999999C`) cannot
 * make a row of a billion cells.
 */
const MAX_MOVE_COLUMN = 1024

/**
 * A one-row terminal: text overwrites cells at the cursor, `\r` returns it to column 0, `\b` and
 * CSI C/D/G move it, `\e[K` erases. This is how progress bars (`Receiving objects: 37%\r…`) end up
 * showing only their last state.
 */
function renderOnCells(content: string, start: AnsiStyle): RenderedContent {
  const chars: string[] = []
  const styles: AnsiStyle[] = []
  /** When each cell was last written, on a clock that also stamps erases. */
  const writtenAt: number[] = []
  /**
   * Erases to the cursor (`\e[1K`), applied at the end: blanking the cells at once would make a
   * line that erases after every character quadratic. Each entry covers columns 0 to `upTo`, is
   * newer than those below it and reaches less far right than they do; an older one reaching no
   * further than a new one can never matter again.
   */
  const erases: { upTo: number; at: number }[] = []
  let clock = 0
  let col = 0
  let style = start
  const put = (ch: string): void => {
    while (chars.length < col) {
      chars.push(' ')
      styles.push(style)
      writtenAt.push(0)
    }
    chars[col] = ch
    styles[col] = style
    writtenAt[col] = ++clock
    col++
  }
  scanAnsi(content, {
    text(run) {
      for (const ch of run) {
        if (ch === '\r') col = 0
        else if (ch === '\b') col = Math.max(0, col - 1)
        else if (!hasControl(ch)) put(ch)
      }
    },
    csi(params, final) {
      if (isSgr(params, final)) {
        style = applySgr(style, params)
        return
      }
      const n = Math.max(1, Number(params) || 1)
      if (final === 'K') {
        if (params === '' || params === '0') {
          chars.length = Math.min(chars.length, col)
          styles.length = chars.length
          writtenAt.length = chars.length
        } else if (params === '1') {
          for (let top = erases.at(-1); top && top.upTo <= col; top = erases.at(-1)) erases.pop()
          erases.push({ upTo: col, at: ++clock })
        } else if (params === '2') {
          chars.length = 0
          styles.length = 0
          writtenAt.length = 0
          erases.length = 0
        }
      } else if (final === 'G') col = Math.min(n, MAX_MOVE_COLUMN) - 1
      else if (final === 'C') col = Math.max(col, Math.min(col + n, MAX_MOVE_COLUMN))
      else if (final === 'D') col = Math.max(0, col - n)
    },
  })
  let covering = erases.length - 1
  for (let i = 0; i < chars.length; i++) {
    let erase = erases[covering]
    while (erase && erase.upTo < i) erase = erases[--covering]
    if (erase && erase.at > (writtenAt[i] ?? 0)) chars[i] = ' '
  }
  const segments: StyledSegment[] = []
  for (let i = 0; i < chars.length; i++) {
    const cellStyle = styles[i] ?? start
    const ch = chars[i] ?? ' '
    const last = segments[segments.length - 1]
    if (last && sameStyle(last.style, cellStyle)) segments[segments.length - 1] = { text: last.text + ch, style: last.style }
    else segments.push({ text: ch, style: cellStyle })
  }
  return { text: chars.join(''), segments, style }
}
