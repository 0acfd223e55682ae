/**
 * What the log panel needs after a new reading of a job log: the text that was added, or the whole
 * text when the log no longer continues what was shown (Travis cleared it on restart, the log was
 * deleted, parts arrived out of order and were re-aggregated).
 */
export type LogDelta = { kind: 'none' } | { kind: 'append'; text: string } | { kind: 'reset'; text: string }

export function logDelta(shown: string, latest: string): LogDelta {
  if (latest === shown) return { kind: 'none' }
  if (latest.startsWith(shown)) return { kind: 'append', text: latest.slice(shown.length) }
  return { kind: 'reset', text: latest }
}
