import type { Detection, UnavailableReason } from '@shared/detection'
import { GUARD_DETAIL, type GuardState } from './guard'

export type { Detection } from '@shared/detection'

/**
 * Decides the one join-detection state (shared/detection.ts) from the guard, the detector and the
 * user's choice. The guard may run while detection is unavailable (its loop has no count to give),
 * and a count may be on the row while detection is off (the user turned it off): neither is "on".
 */
export interface DetectionInput {
  /** The session ended or failed. */
  ended: boolean
  /** The user turned join detection off for this session. */
  turnedOff: boolean
  guard: { state: GuardState; detail: string }
  /** The guard runs a loop of this app run it has yet to get a fresh answer from (a reconnect). */
  confirming: boolean
  /** Shipmate's own count, or null. */
  mates: number | null
  /** Why the detector has no count, once it has said so, with its words. */
  unavailable: { reason: UnavailableReason; detail: string } | undefined
}

export const DETECTION_DETAIL = {
  ended: 'Join detection stopped: you are no longer connected, so Shipmate cannot see who is in the session.',
  off: 'You turned join detection off: Shipmate types nothing into this session and cannot tell who else joins.',
} as const

export function detectionState(input: DetectionInput): Detection {
  if (input.ended) return { state: 'ended', detail: DETECTION_DETAIL.ended }
  if (input.turnedOff) {
    // While the guard tells its loop on the host to stop, its words say how far that got.
    const telling = input.guard.detail === GUARD_DETAIL.retiring || input.guard.detail === GUARD_DETAIL.retired
    return { state: 'off', detail: telling ? input.guard.detail : DETECTION_DETAIL.off }
  }
  if (input.guard.state === 'unavailable') {
    // The guard's own words say why it cannot run (read-only, no marker in time).
    return { state: 'unavailable', reason: input.unavailable?.reason ?? 'guard_unavailable', detail: input.guard.detail }
  }
  if (input.unavailable !== undefined && input.unavailable.reason !== 'guard_off') {
    // A guard that runs, but whose loop has no count (`?`), is still no detection.
    const detail = input.guard.state === 'running' ? input.guard.detail : input.unavailable.detail
    return { state: 'unavailable', reason: input.unavailable.reason, detail }
  }
  if (input.guard.state === 'off') return { state: 'off', detail: input.guard.detail }
  if (input.guard.state === 'running' && input.mates !== null && !input.confirming) {
    return { state: 'on', mates: input.mates, detail: input.guard.detail }
  }
  return { state: 'starting', step: input.guard.state === 'waiting_for_prompt' ? 'waiting_for_prompt' : 'starting', detail: input.guard.detail }
}
