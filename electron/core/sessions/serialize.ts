import type { IBuffer, IBufferCell, IBufferLine, Terminal } from '@xterm/headless'
import { ENTER_ALT_SCREEN } from './stream-rewriter'

/** What the terminal's public API does not expose, tracked by the mirror from the stream itself. */
export interface TrackedModes {
  cursorHidden: boolean
  /** DECSTBM of the active buffer (1-based, inclusive), when not the full screen. */
  scrollRegion: { top: number; bottom: number } | undefined
}

const CSI = '\x1b['
/** xterm.js colour modes, as IBufferCell.getFgColorMode() returns them. */
const COLOR_MODE_P16 = 0x1000000
const COLOR_MODE_P256 = 0x2000000

/**
 * Escape sequences that redraw a terminal's state in a fresh xterm.js: the normal buffer with its
 * scrollback, then (when it is active) the alternate screen tmux draws in, the cursor, the scroll
 * region and the input modes an application set. The counterpart of @xterm/addon-serialize for
 * what a tmate viewer needs, small enough to own.
 */
export function serializeTerminal(term: Terminal, modes: TrackedModes): string {
  const normal = term.buffer.normal
  const alternate = term.buffer.active.type === 'alternate'
  let out = `${CSI}0m${CSI}H${CSI}2J${CSI}3J`
  out += serializeLines(normal, term.cols)
  if (alternate) {
    // Leaving the alternate screen later restores this cursor (DECSC of mode 1049).
    out += cursorTo(normal.cursorY, normal.cursorX)
    out += `${ENTER_ALT_SCREEN}${CSI}H${CSI}2J`
    const active = term.buffer.active
    for (let y = 0; y < term.rows; y++) {
      const line = active.getLine(active.baseY + y)
      if (line !== undefined) out += cursorTo(y, 0) + serializeLine(line, term.cols, false)
    }
  }
  out += serializeModes(term, modes)
  out += cursorTo(term.buffer.active.cursorY, Math.min(term.buffer.active.cursorX, term.cols - 1))
  return out
}

/**
 * All lines of the normal buffer, blank ones too, so the fresh terminal scrolls to the same place
 * and the cursor lands where it was; a wrapped continuation is left to wrap by itself.
 */
function serializeLines(buffer: IBuffer, cols: number): string {
  let out = ''
  const last = buffer.length - 1
  for (let y = 0; y <= last; y++) {
    const line = buffer.getLine(y)
    if (line === undefined) continue
    const wrapsOn = y < last && buffer.getLine(y + 1)?.isWrapped === true
    out += serializeLine(line, cols, wrapsOn)
    if (y < last && !wrapsOn) out += '\r\n'
  }
  return out
}

function serializeLine(line: IBufferLine, cols: number, full: boolean): string {
  const cell = line.getCell(0)
  if (cell === undefined) return ''
  let end = cols
  if (!full) {
    while (end > 0) {
      const last = line.getCell(end - 1, cell)
      if (last === undefined || !isPlainBlank(last)) break
      end--
    }
  }
  let out = ''
  let style = ''
  for (let x = 0; x < end; x++) {
    const current = line.getCell(x, cell)
    if (current === undefined) break
    // The second half of a wide character: the first half drew it.
    if (current.getWidth() === 0) continue
    const next = sgr(current)
    if (next !== style) {
      out += next
      style = next
    }
    out += current.getChars() || ' '
  }
  return style === '' || style === `${CSI}0m` ? out : `${out}${CSI}0m`
}

function sgr(cell: IBufferCell): string {
  const params: string[] = ['0']
  if (cell.isBold()) params.push('1')
  if (cell.isDim()) params.push('2')
  if (cell.isItalic()) params.push('3')
  if (cell.isUnderline()) params.push('4')
  if (cell.isBlink()) params.push('5')
  if (cell.isInverse()) params.push('7')
  if (cell.isInvisible()) params.push('8')
  if (cell.isStrikethrough()) params.push('9')
  if (cell.isOverline()) params.push('53')
  const fg = color(cell.getFgColorMode(), cell.getFgColor(), cell.isFgRGB(), cell.isFgDefault(), 30)
  const bg = color(cell.getBgColorMode(), cell.getBgColor(), cell.isBgRGB(), cell.isBgDefault(), 40)
  if (fg) params.push(fg)
  if (bg) params.push(bg)
  return `${CSI}${params.join(';')}m`
}

/** `base` is 30 for foreground, 40 for background. */
function color(mode: number, value: number, rgb: boolean, isDefault: boolean, base: 30 | 40): string | undefined {
  if (isDefault) return undefined
  if (rgb) return `${base + 8};2;${(value >> 16) & 0xff};${(value >> 8) & 0xff};${value & 0xff}`
  if (mode === COLOR_MODE_P16) return value < 8 ? String(base + value) : String(base + 60 + value - 8)
  if (mode === COLOR_MODE_P256) return `${base + 8};5;${value}`
  return undefined
}

function isPlainBlank(cell: IBufferCell): boolean {
  const chars = cell.getChars()
  return (chars === '' || chars === ' ') && cell.isAttributeDefault()
}

function serializeModes(term: Terminal, tracked: TrackedModes): string {
  const modes = term.modes
  let out = ''
  if (tracked.scrollRegion) out += `${CSI}${tracked.scrollRegion.top};${tracked.scrollRegion.bottom}r`
  if (modes.applicationCursorKeysMode) out += `${CSI}?1h`
  if (modes.applicationKeypadMode) out += '\x1b='
  if (modes.bracketedPasteMode) out += `${CSI}?2004h`
  if (modes.insertMode) out += `${CSI}4h`
  if (!modes.wraparoundMode) out += `${CSI}?7l`
  if (modes.sendFocusMode) out += `${CSI}?1004h`
  const mouse = { none: '', x10: '9', vt200: '1000', drag: '1002', any: '1003' }[modes.mouseTrackingMode]
  if (mouse !== '') out += `${CSI}?${mouse}h`
  if (tracked.cursorHidden) out += `${CSI}?25l`
  return out
}

function cursorTo(y: number, x: number): string {
  return `${CSI}${y + 1};${x + 1}H`
}
