/**
 * ANSI escape sequences as Travis job logs and terminals write them: colours from travis-build's
 * bash helpers (`\e[33;1m`, `\e[0m`), line clears (`\e[0K`), and whatever a debug session echoes
 * into the log (256-colour and RGB SGR, OSC titles and hyperlinks, charset switches).
 */

/** 0-7 the normal colours, 8-15 their bright forms, 16-255 the xterm palette. */
export type AnsiColor =
  | { readonly kind: 'indexed'; readonly index: number }
  | { readonly kind: 'rgb'; readonly r: number; readonly g: number; readonly b: number }

/** An absent field means the terminal default; styles are never mutated once made. */
export interface AnsiStyle {
  readonly fg?: AnsiColor
  readonly bg?: AnsiColor
  readonly bold?: boolean
  readonly dim?: boolean
  readonly italic?: boolean
  readonly underline?: boolean
  readonly inverse?: boolean
  readonly strikethrough?: boolean
}

export interface StyledSegment {
  readonly text: string
  readonly style: AnsiStyle
}

export const PLAIN_STYLE: AnsiStyle = Object.freeze({})

/** What a scan reports, in order: printable runs (C0 controls such as `\r` included) and CSI sequences. */
export interface AnsiVisitor {
  text(run: string): void
  /** `params` holds everything between `ESC [` and the final byte, private markers included. */
  csi(params: string, final: string): void
}

const ESC = '\x1b'

/**
 * Walks `input`, reporting text runs and CSI sequences; OSC/DCS strings, charset designations and
 * other escapes are consumed silently. A sequence cut off by the end of the input is dropped rather
 * than shown, because a growing log may deliver its rest in the next chunk.
 */
export function scanAnsi(input: string, visitor: AnsiVisitor): void {
  let pos = 0
  const length = input.length
  while (pos < length) {
    const esc = input.indexOf(ESC, pos)
    if (esc < 0) {
      visitor.text(pos === 0 ? input : input.slice(pos))
      return
    }
    if (esc > pos) visitor.text(input.slice(pos, esc))
    pos = skipEscape(input, esc, visitor)
  }
}

/** Returns the index after the escape sequence that starts at `esc`. */
function skipEscape(input: string, esc: number, visitor: AnsiVisitor): number {
  const length = input.length
  const kind = input[esc + 1]
  if (kind === undefined) return length
  if (kind === '[') {
    let i = esc + 2
    while (i < length) {
      const code = input.charCodeAt(i)
      if (code >= 0x40 && code <= 0x7e) {
        visitor.csi(input.slice(esc + 2, i), input[i] ?? '')
        return i + 1
      }
      // A byte that cannot belong to a CSI ends it unprinted, as terminals do.
      if (code < 0x20 || code > 0x3f) return i
      i++
    }
    return length
  }
  if (kind === ']' || kind === 'P' || kind === 'X' || kind === '^' || kind === '_') {
    return skipControlString(input, esc + 2)
  }
  // Charset designations and DEC line attributes carry one more byte.
  if ('()*+-./#%'.includes(kind)) return Math.min(esc + 3, length)
  return esc + 2
}

/** OSC and friends end with BEL or ST (`ESC \`). */
function skipControlString(input: string, from: number): number {
  for (let i = from; i < input.length; i++) {
    const ch = input[i]
    if (ch === '\x07') return i + 1
    if (ch === ESC && input[i + 1] === '\\') return i + 2
  }
  return input.length
}

/** The text without any escape sequence; other control characters (`\r`, `\n`, `\t`) stay. */
export function stripAnsi(input: string): string {
  if (!input.includes(ESC)) return input
  let out = ''
  scanAnsi(input, {
    text(run) {
      out += run
    },
    csi() {},
  })
  return out
}

type MutableStyle = { -readonly [K in keyof AnsiStyle]: AnsiStyle[K] }

/** True for SGR (`m`) sequences; `ESC[>4;2m` and other private forms set terminal modes, not style. */
export function isSgr(params: string, final: string): boolean {
  if (final !== 'm') return false
  const first = params.charCodeAt(0)
  return !(first >= 0x3c && first <= 0x3f)
}

/** Results per (style, params): logs repeat the same few colours, and shared styles compare by identity. */
const sgrCache = new WeakMap<AnsiStyle, Map<string, AnsiStyle>>()
const SGR_CACHE_LIMIT = 256

/** The style after applying one SGR sequence's parameters (`"33;1"`, `"38;5;208"`, `""`). */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  let byParams = sgrCache.get(style)
  const cached = byParams?.get(params)
  if (cached) return cached
  const next = computeSgr(style, params)
  if (!byParams) {
    byParams = new Map()
    sgrCache.set(style, byParams)
  }
  if (byParams.size < SGR_CACHE_LIMIT) byParams.set(params, next)
  return next
}

function computeSgr(style: AnsiStyle, params: string): AnsiStyle {
  const parts = params === '' ? ['0'] : params.split(';')
  let next: MutableStyle = { ...style }
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? ''
    if (part.includes(':')) {
      applyColonForm(next, part.split(':'))
      continue
    }
    const code = part === '' ? 0 : Number(part)
    if (code === 38 || code === 48) {
      const { color, used } = extendedColor(parts, i + 1)
      if (color) next[code === 38 ? 'fg' : 'bg'] = color
      i += used
      continue
    }
    if (code === 0) next = {}
    else applySimpleCode(next, code)
  }
  return Object.keys(next).length === 0 ? PLAIN_STYLE : Object.freeze(next)
}

/** The style in force after `input`, without building segments: what the next line starts from. */
export function styleAfter(input: string, start: AnsiStyle): AnsiStyle {
  let style = start
  for (let esc = input.indexOf(ESC); esc >= 0; esc = input.indexOf(ESC, esc + 1)) {
    if (input[esc + 1] !== '[') continue
    let i = esc + 2
    while (i < input.length) {
      const code = input.charCodeAt(i)
      if (code < 0x30 || code > 0x3f) break
      i++
    }
    if (input[i] === 'm') {
      const params = input.slice(esc + 2, i)
      if (isSgr(params, 'm')) style = applySgr(style, params)
    }
  }
  return style
}

function applySimpleCode(style: MutableStyle, code: number): void {
  if (code >= 30 && code <= 37) style.fg = indexed(code - 30)
  else if (code >= 90 && code <= 97) style.fg = indexed(code - 90 + 8)
  else if (code >= 40 && code <= 47) style.bg = indexed(code - 40)
  else if (code >= 100 && code <= 107) style.bg = indexed(code - 100 + 8)
  else {
    switch (code) {
      case 1:
        style.bold = true
        break
      case 2:
        style.dim = true
        break
      case 3:
        style.italic = true
        break
      case 4:
        style.underline = true
        break
      case 7:
        style.inverse = true
        break
      case 9:
        style.strikethrough = true
        break
      case 22:
        delete style.bold
        delete style.dim
        break
      case 23:
        delete style.italic
        break
      case 24:
        delete style.underline
        break
      case 27:
        delete style.inverse
        break
      case 29:
        delete style.strikethrough
        break
      case 39:
        delete style.fg
        break
      case 49:
        delete style.bg
        break
    }
  }
}

/** `4:3` (curly underline), `38:5:N`, `38:2::R:G:B` and `38:2:R:G:B`: the ITU sub-parameter forms. */
function applyColonForm(style: MutableStyle, sub: string[]): void {
  const code = Number(sub[0])
  if (code === 4) {
    if (sub[1] === '0') delete style.underline
    else style.underline = true
    return
  }
  if (code !== 38 && code !== 48) return
  const rest = sub.slice(1)
  // The RGB form may carry an empty colour-space id: 38:2::R:G:B.
  if (rest[0] === '2' && rest.length === 5) rest.splice(1, 1)
  const { color } = extendedColor(rest, 0)
  if (color) style[code === 38 ? 'fg' : 'bg'] = color
}

function extendedColor(parts: string[], at: number): { color: AnsiColor | undefined; used: number } {
  const mode = parts[at]
  if (mode === '5') {
    const index = byte(parts[at + 1])
    return { color: index === undefined ? undefined : indexed(index), used: 2 }
  }
  if (mode === '2') {
    const r = byte(parts[at + 1])
    const g = byte(parts[at + 2])
    const b = byte(parts[at + 3])
    const color = r === undefined || g === undefined || b === undefined ? undefined : ({ kind: 'rgb', r, g, b } as const)
    return { color, used: 4 }
  }
  return { color: undefined, used: 0 }
}

function byte(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,3}$/.test(value)) return undefined
  const n = Number(value)
  return n <= 255 ? n : undefined
}

const INDEXED: readonly AnsiColor[] = Array.from({ length: 256 }, (_, index) => Object.freeze({ kind: 'indexed', index }))

function indexed(index: number): AnsiColor {
  return INDEXED[index] ?? { kind: 'indexed', index }
}

export function sameColor(a: AnsiColor | undefined, b: AnsiColor | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined) return false
  if (a.kind === 'indexed') return b.kind === 'indexed' && a.index === b.index
  return b.kind === 'rgb' && a.r === b.r && a.g === b.g && a.b === b.b
}

export function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return (
    a === b ||
    (sameColor(a.fg, b.fg) &&
      sameColor(a.bg, b.bg) &&
      !a.bold === !b.bold &&
      !a.dim === !b.dim &&
      !a.italic === !b.italic &&
      !a.underline === !b.underline &&
      !a.inverse === !b.inverse &&
      !a.strikethrough === !b.strikethrough)
  )
}

/** True for C0 controls and DEL, which a log viewer cannot show; `\t` does not count. */
export function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f
}

export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isControl(text.charCodeAt(i))) return true
  }
  return false
}

function removeControls(text: string): string {
  if (!hasControl(text)) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    if (!isControl(text.charCodeAt(i))) out += text[i]
  }
  return out
}

/**
 * Splits text into runs of one style, starting from `start` (the style the previous line ended
 * with: SGR state carries across lines in a terminal). Returns the style in force at the end.
 * Non-SGR sequences and control characters are dropped; see travis-log for `\r` handling.
 */
export function toSegments(input: string, start: AnsiStyle = PLAIN_STYLE): { segments: StyledSegment[]; style: AnsiStyle } {
  const segments: StyledSegment[] = []
  let style = start
  scanAnsi(input, {
    text(run) {
      const text = removeControls(run)
      if (text === '') return
      const last = segments[segments.length - 1]
      if (last && sameStyle(last.style, style)) segments[segments.length - 1] = { text: last.text + text, style: last.style }
      else segments.push({ text, style })
    },
    csi(params, final) {
      if (isSgr(params, final)) style = applySgr(style, params)
    },
  })
  return { segments, style }
}
