/** The part of an xterm.js buffer line (the page's or the headless mirror's) that lineText reads. */
export interface TerminalLine {
  readonly length: number
  getCell(x: number): { getChars(): string; getWidth(): number } | undefined
  translateToString(trimRight?: boolean, startColumn?: number, endColumn?: number): string
}

/**
 * A line's text as wide as the screen (`cols`); with `trimRight`, without the unwritten cells at
 * its end (a written blank stays). After the window shrinks, a row of the alternate screen (where
 * tmux keeps its viewers, and xterm.js does not reflow) keeps its cells beyond the new width,
 * which tmux's clear-to-end-of-line no longer reaches: they are not on the screen, and xterm.js's
 * own trimming would count them.
 */
export function lineText(line: TerminalLine | undefined, cols: number, trimRight: boolean): string {
  if (line === undefined) return ''
  // No cells beyond the screen (the usual case): xterm.js's own trimming reads the same cells,
  // and in one pass over its array instead of a cell object per blank.
  if (line.length <= cols) return line.translateToString(trimRight)
  let end = cols
  if (trimRight) {
    for (let cell = line.getCell(end - 1); end > 0 && cell !== undefined && cell.getChars() === '' && cell.getWidth() === 1; cell = line.getCell(end - 1)) end -= 1
  }
  return line.translateToString(false, 0, end)
}
