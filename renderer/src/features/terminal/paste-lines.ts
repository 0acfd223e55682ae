/**
 * How many lines a paste runs as, as a shell sees them: a newline at the end ends the last line
 * rather than starting another, so "a\nb\n" is two lines, not three.
 */
export function pasteLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** What the paste warning shows of the text: the first lines, each cut to a readable length. */
export function pastePreview(text: string, maxLines = 12, maxChars = 200): { lines: string[]; more: number } {
  const lines = pasteLines(text)
  const shown = lines.slice(0, maxLines).map((line) => (line.length > maxChars ? `${line.slice(0, maxChars)}…` : line))
  return { lines: shown, more: lines.length - shown.length }
}
