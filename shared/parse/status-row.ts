/**
 * The last row of a tmate viewer's screen, as read from a headless terminal. A viewer has no
 * machine-readable channel (no control mode, no exec), so this row is how Shipmate learns the
 * session's windows and, through the separator its guard publishes, how many mates are connected.
 *
 * Each window is drawn by tmux's default format `#I:#W#{?window_flags,#{window_flags}, }` followed
 * by window-status-separator: tmate's replica draws the separator after the last window too.
 * Shipmate's guard sets the separator to ` ⟦mates:N@tag⟧ `. With a host client attached, status-left
 * (`[0] `) and status-right (`"vm" 23:47 27-Nov-26`) surround the list.
 */

export interface StatusWindow {
  readonly index: number
  /** May contain spaces. */
  readonly name: string
  /** Any of `#!~*-MZ`, in tmux's order. */
  readonly flags: string
  readonly current: boolean
  /** The previously selected window (`-`). */
  readonly last: boolean
  /** Drawn next to a `<`/`>` truncation marker, so its index or name may be cut short. */
  readonly clipped: boolean
}

export type StatusRow =
  | {
      readonly kind: 'windows'
      readonly windows: readonly StatusWindow[]
      readonly left: string
      readonly right: string
      readonly truncatedLeft: boolean
      readonly truncatedRight: boolean
      /** From the guard's separator; undefined when the guard is not running. */
      readonly mates: number | '?' | undefined
      /** Every distinct guard marker on the row, in order; absent when there is none. */
      readonly markers?: readonly GuardMarker[]
    }
  /** The row briefly shows a message instead of the list: keep the windows seen before. */
  | { readonly kind: 'message'; readonly text: string }
  /** Nothing drawn, e.g. `status off` or a screen not painted yet. */
  | { readonly kind: 'empty' }

/**
 * What a session guard wrote into the separator. Anyone with a shell on the host can write one,
 * so a marker is a claim: the tag says whose, and only the reader knows which tags are its own.
 */
export interface GuardMarker {
  /** Connected clients as the writer read them, or `?` when the host gave it no count. */
  readonly mates: number | '?'
  /** The tag the guard loop or read carries (6 of `0-9a-z`); undefined on an untagged marker. */
  readonly tag: string | undefined
  /** How often the loop found another count in the separator and put its own back. */
  readonly overwrites: number
  /** A one-time read typed at a prompt (` @tag:N `), not a loop that keeps the count up to date. */
  readonly oneShot: boolean
}

/**
 * A loop's ` ⟦mates:N@tag+W⟧ ` (tag and `+W` optional), or a one-time read's ` @tag:N ` (N empty
 * without a count). A tmux client that is not UTF-8 (plain tmux over SSH with no UTF-8 locale; tmate's
 * server always marks its viewers UTF-8) draws every non-ASCII character as `_`, so the brackets may
 * arrive as ` _mates:N@tag_ `: the same marker, read the same way.
 */
const GUARD_SEPARATOR = / (?:[⟦_]mates:(\d+|\?)(?:@([0-9a-z]{6})(?:\+(\d+))?)?[⟧_]|@([0-9a-z]{6}):(\d*))(?: |$)/g
/** Stands in for the guard's separator while parsing; a private-use character no name holds. */
const GUARD_MARK = '\uE000'
const LIST_START = /(?:^|(?<=[ \uE000]))(?:<|\d+:)/
const ITEM_HEAD = /(\d+):/y
const ITEM_START = /\d+:/y
const FLAG_CHARS = '#!~*-MZ'
const FLAGS_SUFFIX = /^(.*?)(#?!?~?[*-]?M?Z?)$/s
/** status-left-length is 10 by default; anything much longer before the list is a message. */
const MAX_LEFT = 50

/** Status messages a viewer meets (failed key commands, the end of a session) and tmux's usual error forms. */
const MESSAGES: readonly RegExp[] = [
  /^\[tmate\] /,
  /^No current client$/,
  /^No client available$/,
  /^client is read-only$/,
  /^'.*' returned \d+$/,
  /^\[(?:detached|exited|server exited|lost server)\b/,
  /^(?:unknown command|ambiguous command|can't find|no such|invalid|Invalid or expired)/i,
]

export function parseStatusRow(row: string, separator = ' '): StatusRow {
  const trimmed = row.trimEnd()
  const text = trimmed.trim()
  if (text === '') return { kind: 'empty' }
  if (MESSAGES.some((pattern) => pattern.test(text))) return { kind: 'message', text }

  let mates: number | '?' | undefined
  const markers: GuardMarker[] = []
  let line = trimmed
  let sep = separator
  if (line.includes('mates:') || line.includes(' @')) {
    const seen = new Set<string>()
    line = line.replace(GUARD_SEPARATOR, (match: string, ...groups: (string | undefined)[]) => {
      const marker = readMarker(groups)
      mates ??= marker.mates
      if (!seen.has(match.trim())) markers.push(marker)
      seen.add(match.trim())
      return GUARD_MARK
    })
    if (mates !== undefined) sep = GUARD_MARK
  }
  // Trimming the padding also took the blank that ends a separator drawn after the last window.
  const sepCore = sep.trimEnd()
  if (sepCore !== sep && sepCore !== '' && line.endsWith(sepCore)) line += sep.slice(sepCore.length)

  const start = LIST_START.exec(line)
  if (!start) return { kind: 'message', text }
  const left = line.slice(0, start.index).trim()
  if (left.length > MAX_LEFT) return { kind: 'message', text }

  let pos = start.index
  const truncatedLeft = line[pos] === '<'
  let clipFirst = false
  if (truncatedLeft) {
    pos++
    ITEM_START.lastIndex = pos
    if (ITEM_START.test(line)) clipFirst = true
    else pos = itemAfterSeparator(line, pos, sep)
  }

  const windows: StatusWindow[] = []
  let right = ''
  let truncatedRight = false
  while (pos >= 0 && pos < line.length) {
    ITEM_HEAD.lastIndex = pos
    const head = ITEM_HEAD.exec(line)
    if (!head) {
      right = line.slice(pos).trim()
      break
    }
    const end = itemEnd(line, ITEM_HEAD.lastIndex, sep)
    const { name, flags } = splitFlags(line.slice(ITEM_HEAD.lastIndex, end.textEnd))
    windows.push({
      index: Number(head[1]),
      name,
      flags,
      current: flags.includes('*'),
      last: flags.includes('-'),
      clipped: (clipFirst && windows.length === 0) || end.clipped,
    })
    if (end.next === 'item') {
      pos = end.from
      continue
    }
    truncatedRight = end.next === 'truncated'
    right = line.slice(end.from).trim()
    break
  }
  if (windows.length === 0) return { kind: 'message', text }
  const list = { kind: 'windows', windows, left, right: right.replaceAll(GUARD_MARK, ''), truncatedLeft, truncatedRight, mates } as const
  return markers.length === 0 ? list : { ...list, markers }
}

function readMarker([count, tag, overwrites, oneShotTag, oneShotCount]: (string | undefined)[]): GuardMarker {
  if (oneShotTag !== undefined) {
    return { mates: oneShotCount ? Number(oneShotCount) : '?', tag: oneShotTag, overwrites: 0, oneShot: true }
  }
  return { mates: count === '?' || count === undefined ? '?' : Number(count), tag, overwrites: Number(overwrites ?? 0), oneShot: false }
}

/**
 * After a left truncation the first item is a fragment: the list resumes after the next separator.
 * An empty separator is found at every position up to the end of the line, and past it again at
 * the end (indexOf clamps), so the search stops there.
 */
function itemAfterSeparator(line: string, from: number, sep: string): number {
  for (let k = line.indexOf(sep, from); k >= 0 && k < line.length; k = line.indexOf(sep, k + 1)) {
    ITEM_START.lastIndex = k + sep.length
    if (ITEM_START.test(line)) return k + sep.length
  }
  return -1
}

interface ItemEnd {
  /** Where the name and flags end. */
  readonly textEnd: number
  /** What follows: another item, the end of the list (then status-right), or a `>` marker. */
  readonly next: 'item' | 'end' | 'truncated'
  /** Where that next part starts. */
  readonly from: number
  readonly clipped: boolean
}

/**
 * Names may hold spaces, so an item ends at the first separator that follows a complete item text
 * (flags, or the space tmux adds when there are none) and is itself followed by something a list
 * continues with: another item, a `>` marker, or padding before status-right. Failing that, a
 * flagged item followed by text nothing else explains ends there (an unknown separator), unless
 * that text ends in flags itself, which makes it more likely the rest of one long name.
 */
function itemEnd(line: string, nameStart: number, sep: string): ItemEnd {
  let weak: ItemEnd | undefined
  for (let k = nameStart; k < line.length; k++) {
    if (line[k] === '>' && (k + 1 === line.length || line[k + 1] === ' ')) {
      return { textEnd: k, next: 'truncated', from: k + 1, clipped: true }
    }
    if (!line.startsWith(sep, k)) continue
    const itemText = line.slice(nameStart, k)
    const lastChar = itemText[itemText.length - 1]
    const complete = lastChar !== undefined && (lastChar === ' ' || FLAG_CHARS.includes(lastChar))
    if (!complete) continue
    const after = k + sep.length
    if (after >= line.length) return { textEnd: k, next: 'end', from: after, clipped: false }
    ITEM_START.lastIndex = after
    if (ITEM_START.test(line)) return { textEnd: k, next: 'item', from: after, clipped: false }
    if (line[after] === '>' && (after + 1 === line.length || line[after + 1] === ' ')) {
      return { textEnd: k, next: 'truncated', from: after + 1, clipped: false }
    }
    if (line[after] === ' ') return { textEnd: k, next: 'end', from: after, clipped: false }
    const restEnd = line[line.length - 1] ?? ''
    if (weak === undefined && lastChar !== ' ' && !FLAG_CHARS.includes(restEnd)) {
      weak = { textEnd: k, next: 'end', from: after, clipped: false }
    }
  }
  return weak ?? { textEnd: line.length, next: 'end', from: line.length, clipped: false }
}

function splitFlags(itemText: string): { name: string; flags: string } {
  if (itemText.endsWith(' ')) return { name: itemText.slice(0, -1), flags: '' }
  const match = FLAGS_SUFFIX.exec(itemText)
  return { name: match?.[1] ?? itemText, flags: match?.[2] ?? '' }
}

const SIZE_NOTICE = /\(size (\d+)x(\d+) from a smaller client\)/

/**
 * tmate's replica writes `(size WxH from a smaller client)` on a viewer whose terminal is bigger
 * than the window: another, smaller read-write client is connected.
 */
export function findSizeNotice(row: string): { width: number; height: number } | undefined {
  const match = SIZE_NOTICE.exec(row)
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined
}

const FILLER = '·'
const BORDERS = '│┘─'

/**
 * Where the `·` (U+00B7) filler starts on a screen row of a viewer bigger than the window, or
 * undefined. The filler runs to the end of the row (or up to the size notice) and follows the
 * window's right border (`│`, `┘` or `─`) or fills the whole row; a `·` in pane text does not count.
 */
export function findFiller(row: string): { start: number } | undefined {
  let text = row.trimEnd()
  const notice = SIZE_NOTICE.exec(text)
  if (notice && notice.index + notice[0].length === text.length) text = text.slice(0, notice.index)
  let start = text.length
  while (start > 0 && text[start - 1] === FILLER) start--
  if (start === text.length) return undefined
  const before = text[start - 1]
  return before === undefined || BORDERS.includes(before) ? { start } : undefined
}
