import type { TmateWindow } from '@shared/types/sessions'
import { parseStatusRow } from '@shared/parse/status-row'

/**
 * The window list from the status row. A row that holds a message for a moment (`No current
 * client`, `[server exited]`) or nothing at all (mid-redraw) keeps the tabs seen before.
 */
export function windowsFromStatusRow(row: string, previous: readonly TmateWindow[]): readonly TmateWindow[] {
  const parsed = parseStatusRow(row)
  if (parsed.kind !== 'windows') return previous
  const windows = parsed.windows.map((w) => ({ index: w.index, name: w.name, current: w.current, last: w.last, flags: w.flags }))
  return sameWindows(windows, previous) ? previous : windows
}

export function sameWindows(a: readonly TmateWindow[], b: readonly TmateWindow[]): boolean {
  return a.length === b.length && a.every((w, i) => {
    const v = b[i]
    return v !== undefined && w.index === v.index && w.name === v.name && w.flags === v.flags && w.current === v.current && w.last === v.last
  })
}
