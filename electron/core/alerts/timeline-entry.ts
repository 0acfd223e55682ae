import type { TimelineEvent } from '@shared/types/sessions'
import type { DetectionEvent } from './detector'

/**
 * The timeline line for a detection event, or undefined for those the timeline does not keep
 * (`count` only updates the session summary). Details are the words the timeline shows.
 */
export function timelineEntry(sessionId: string, event: DetectionEvent, at: Date): TimelineEvent | undefined {
  const base = { sessionId, at: at.toISOString() }
  switch (event.kind) {
    case 'count':
      return undefined
    case 'joined':
      return { ...base, kind: 'joined', mates: event.mates, detail: `${clients(event.mates)} connected, ${event.previous} before.` }
    case 'left':
      return { ...base, kind: 'left', mates: event.mates, detail: `${clients(event.mates)} connected, ${event.previous} before.` }
    case 'present_at_connect':
      return {
        ...base,
        kind: 'present_at_connect',
        mates: event.mates,
        detail: `${clients(event.mates)} connected when Shipmate first read the count: someone else was already in.`,
      }
    case 'detection_unavailable':
      return { ...base, kind: 'detection_unavailable', mates: null, detail: event.detail }
    case 'smaller_client':
      return {
        ...base,
        kind: 'smaller_client',
        mates: event.mates,
        detail: `A smaller client (${event.width}x${event.height}) is connected: the shared window shrank to its size.`,
      }
    case 'count_disputed':
      return { ...base, kind: 'count_disputed', mates: event.mates, detail: event.detail }
    case 'early_sign':
      return { ...base, kind: 'early_sign', mates: event.mates, detail: event.detail }
  }
}

function clients(n: number): string {
  return n === 1 ? '1 client' : `${n} clients`
}
