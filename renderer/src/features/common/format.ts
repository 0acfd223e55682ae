/** "3 minutes ago"-style times for lists; the exact time goes in the title attribute. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return '—'
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  if (!Number.isFinite(seconds)) return '—'
  const units: [number, string][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
    [Number.POSITIVE_INFINITY, 'year'],
  ]
  let value = Math.abs(seconds)
  for (const [size, unit] of units) {
    if (value < size) {
      const rounded = Math.max(1, Math.floor(value))
      return seconds >= 0 ? `${rounded} ${unit}${rounded === 1 ? '' : 's'} ago` : `in ${rounded} ${unit}${rounded === 1 ? '' : 's'}`
    }
    value /= size
  }
  return iso
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '—'
  const minutes = Math.floor(seconds / 60)
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`
}

/** When a build or job finished; one still running says when it started instead of passing that off as its end. */
export function finishedTime(finishedAt: string | null, startedAt: string | null, now = Date.now()): string {
  if (finishedAt) return relativeTime(finishedAt, now)
  return startedAt ? `started ${relativeTime(startedAt, now)}` : 'not started'
}
