import type { TimelineEvent } from '@shared/types/sessions'
import type { DetectionEvent, UnavailableReason } from './detector'

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
    case 'possible_join':
      return {
        ...base,
        kind: 'possible_join',
        mates: null,
        detail: `Someone with a smaller window (${event.width}x${event.height}) is connected; ${noCount(event.reason)}.`,
      }
    case 'possible_leave':
      return {
        ...base,
        kind: 'possible_leave',
        mates: null,
        detail: `The smaller window is gone: whoever had it left or enlarged it; ${noCount(event.reason)}.`,
      }
    case 'count_disputed':
      return { ...base, kind: 'count_disputed', mates: event.mates, detail: event.detail }
    case 'early_sign':
      return { ...base, kind: 'early_sign', mates: event.mates, detail: event.detail }
    case 'previous_connection':
      return event.counted
        ? {
            ...base,
            kind: 'previous_connection',
            mates: event.mates,
            detail: `Your previous connection is still counted: the host counts ${clients(event.mates)}, this one and the one that stopped answering, until it notices that one is gone. Shipmate alerts only for clients beyond it.`,
          }
        : { ...base, kind: 'previous_connection_gone', mates: event.mates, detail: `The host no longer counts your previous connection: ${clients(event.mates)} connected.` }
  }
}

function clients(n: number): string {
  return n === 1 ? '1 client' : `${n} clients`
}

/** Why the smaller window is all there is to go on: the server, or this connection, gives no count. */
export function noCount(reason: UnavailableReason): string {
  switch (reason) {
    case 'no_count':
      return 'this server cannot count clients'
    case 'guard_unavailable':
      return 'Shipmate cannot count clients on this connection'
    default:
      return 'Shipmate has no client count here'
  }
}
