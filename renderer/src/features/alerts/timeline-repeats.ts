import type { TimelineEvent } from '@shared/api'

/** One row of the timeline as shown: an entry, and how many identical ones followed it straight after. */
export interface TimelineRow {
  event: TimelineEvent
  count: number
  /** When the last of the repeats came; the first's time is the event's own. */
  lastAt: string
}

/**
 * Some signs (a smaller client, a disputed count) are seen again on every screen change, several
 * times a second: shown one by one they bury the entries that matter. The stored timeline keeps
 * them all; only the view folds a run of identical entries into one row with a count.
 */
export function coalesceRepeats(events: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = []
  for (const event of events) {
    const last = rows[rows.length - 1]
    if (last && sameEntry(last.event, event)) {
      last.count += 1
      last.lastAt = event.at
    } else {
      rows.push({ event, count: 1, lastAt: event.at })
    }
  }
  return rows
}

function sameEntry(a: TimelineEvent, b: TimelineEvent): boolean {
  return a.kind === b.kind && a.mates === b.mates && a.detail === b.detail
}
