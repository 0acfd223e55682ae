/** What the simulator knows about the shared window, read from tmux. */
export interface WindowGeometry {
  width: number
  height: number
  /** Number of status lines (0 with `status off`). */
  statusLines: number
  statusAtTop: boolean
}

/**
 * tmate's replica (tmux 2.2) writes `(size WxH from a smaller client)` right-aligned on the last
 * row above the status line of a viewer whose terminal is bigger than the window. tmux 3.3 draws the same `│`, `┘` and `·` filler but no text, so the
 * simulator writes the text itself, only where it lands wholly on filler.
 *
 * Returns the bytes to append to the viewer's output, or undefined when no text is due. They save
 * the cursor and attributes, draw with default attributes, and restore, so tmux's own idea of the
 * terminal state stays true.
 */
export function sizeNotice(cols: number, rows: number, window: WindowGeometry): string | undefined {
  const paneRows = rows - window.statusLines
  if (cols <= window.width && paneRows <= window.height) return undefined
  const text = `(size ${window.width}x${window.height} from a smaller client)`
  const row = window.statusAtTop ? rows - 1 : rows - 1 - window.statusLines
  const col = cols - text.length
  const top = window.statusAtTop ? window.statusLines : 0
  // Below the window's bottom border row, or right of its right border column.
  const onFiller = row > top + window.height || col > window.width
  if (row < top || col < 0 || !onFiller) return undefined
  return `\x1b7\x1b[m\x1b[${row + 1};${col + 1}H${text}\x1b8`
}
