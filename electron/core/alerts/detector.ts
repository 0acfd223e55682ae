import { findSizeNotice, parseStatusRow } from '@shared/parse/status-row'
import type { GuardState } from '@shared/types/sessions'

/**
 * Join and leave detection from what a viewer sees: the count the session guard publishes in the
 * status row (` ⟦mates:N⟧ `), and tmate's `(size WxH from a smaller client)` filler. Our own
 * connection is one mate, so N >= 2 means somebody else is in. The count is either known or the
 * detector says why not: it never stands for "nobody else here" when it cannot tell.
 */

export type UnavailableReason =
  /** The marker shows `?`: the server has no client count (no tmate-websocket), or the loop has ended. */
  | 'no_count'
  /** The guard typed its line and no marker followed in time. */
  | 'no_marker'
  /** A marker was there and is missing from the window list now. */
  | 'marker_gone'
  /** The guard is off (turned off by the user, or stopped). */
  | 'guard_off'
  /** The guard cannot run here (a read-only connection, …). */
  | 'guard_unavailable'

export type DetectionEvent =
  /** The known count changed, or became known or unknown (null). */
  | { kind: 'count'; mates: number | null }
  | { kind: 'joined'; mates: number; previous: number }
  | { kind: 'left'; mates: number; previous: number }
  /** The first count seen was already 2 or more: someone read the log and got in first. */
  | { kind: 'present_at_connect'; mates: number }
  | { kind: 'detection_unavailable'; reason: UnavailableReason; detail: string }
  /** A smaller read-write client shrinks the window; seen even without a guard. */
  | { kind: 'smaller_client'; width: number; height: number; mates: number | null }

export interface DetectorInput {
  /** The status row as the mirror shows it. */
  statusRow: string
  /** The whole screen, for the size filler. */
  screen: string
  guard: GuardState
  /** The guard's own words, used when it is unavailable. */
  guardDetail?: string
  now: number
}

export interface JoinDetectorOptions {
  /** How long after the guard has typed its line the marker may take to appear. */
  markerTimeoutMs?: number
  /** How long the marker may be missing from a window list before it counts as gone (a redraw, a long list scrolled). */
  markerGoneMs?: number
}

export const UNAVAILABLE_DETAIL: Record<UnavailableReason, string> = {
  no_count:
    'The session guard shows no client count: the tmate server runs without tmate-websocket, or the guard has stopped. Join detection is off.',
  no_marker: 'The session guard was typed but its count never appeared on the status row. Join detection is off.',
  marker_gone:
    "The session guard's count is gone from the status row (the host's status settings changed or the guard stopped). Join detection is off.",
  guard_off: 'The session guard is off, so Shipmate cannot tell who else joins.',
  guard_unavailable: 'The session guard cannot run in this session, so Shipmate cannot tell who else joins.',
}

export class JoinDetector {
  private known: number | null = null
  /** The last count ever seen, to compare a count that comes back after a gap. */
  private lastCount: number | undefined
  private reported: UnavailableReason | undefined
  private markerSeen = false
  private waitingSince: number | undefined
  private missingSince: number | undefined
  private notice: { width: number; height: number } | undefined
  private readonly markerTimeoutMs: number
  private readonly markerGoneMs: number

  constructor(options: JoinDetectorOptions = {}) {
    this.markerTimeoutMs = options.markerTimeoutMs ?? 6000
    this.markerGoneMs = options.markerGoneMs ?? 2000
  }

  /** Connected clients including us, or null when unknown. */
  get mates(): number | null {
    return this.known
  }

  /** Why the count is unknown, when it is and the reason has been told. */
  get unavailable(): UnavailableReason | undefined {
    return this.reported
  }

  /** When `update` should run again although the screen has not changed (a timeout is pending). */
  nextCheckAt(): number | undefined {
    const due = [
      this.waitingSince === undefined ? undefined : this.waitingSince + this.markerTimeoutMs,
      this.missingSince === undefined ? undefined : this.missingSince + this.markerGoneMs,
    ].filter((at): at is number => at !== undefined)
    return due.length === 0 ? undefined : Math.min(...due)
  }

  update(input: DetectorInput): DetectionEvent[] {
    const row = parseStatusRow(input.statusRow)
    // A message or a blank row hides the list for a moment: nothing can be told from it.
    if (row.kind !== 'windows') return []
    const events: DetectionEvent[] = []
    this.readCount(row.mates, input, events)
    this.readSizeNotice(input.screen, events)
    return events
  }

  private readCount(marker: number | '?' | undefined, input: DetectorInput, events: DetectionEvent[]): void {
    if (input.guard === 'off') {
      // The user stopped watching: a marker still on the row is not ours to act on.
      this.markerSeen = false
      this.waitingSince = undefined
      this.missingSince = undefined
      this.unknown('guard_off', input.guardDetail, events)
      return
    }
    if (marker !== undefined) {
      this.markerSeen = true
      this.waitingSince = undefined
      this.missingSince = undefined
      if (marker === '?') this.unknown('no_count', undefined, events)
      // 0 with us connected is the count from before we came (a reconnect): the loop has yet to poll.
      else if (marker >= 1) this.count(marker, events)
      return
    }
    if (this.markerSeen) {
      if (this.reported === 'marker_gone') return
      this.missingSince ??= input.now
      if (input.now - this.missingSince < this.markerGoneMs) return
      this.missingSince = undefined
      this.unknown('marker_gone', undefined, events)
      return
    }
    if (input.guard !== 'starting' && input.guard !== 'running') {
      this.waitingSince = undefined
      // Waiting for a prompt: not known yet, and nothing to report until the guard says more.
      if (input.guard === 'unavailable') this.unknown('guard_unavailable', input.guardDetail, events)
      return
    }
    if (this.reported === 'no_marker') return
    this.waitingSince ??= input.now
    if (input.now - this.waitingSince < this.markerTimeoutMs) return
    this.waitingSince = undefined
    this.unknown('no_marker', undefined, events)
  }

  private count(mates: number, events: DetectionEvent[]): void {
    const previous = this.lastCount
    if (previous === undefined) {
      if (mates >= 2) events.push({ kind: 'present_at_connect', mates })
    } else if (mates > previous) {
      events.push({ kind: 'joined', mates, previous })
    } else if (mates < previous) {
      events.push({ kind: 'left', mates, previous })
    }
    this.lastCount = mates
    this.reported = undefined
    if (this.known !== mates) {
      this.known = mates
      events.push({ kind: 'count', mates })
    }
  }

  private unknown(reason: UnavailableReason, detail: string | undefined, events: DetectionEvent[]): void {
    if (this.known !== null) {
      this.known = null
      events.push({ kind: 'count', mates: null })
    }
    if (this.reported === reason) return
    this.reported = reason
    events.push({ kind: 'detection_unavailable', reason, detail: detail ?? UNAVAILABLE_DETAIL[reason] })
  }

  private readSizeNotice(screen: string, events: DetectionEvent[]): void {
    const notice = findSizeNotice(screen)
    const changed = notice !== undefined && (notice.width !== this.notice?.width || notice.height !== this.notice.height)
    this.notice = notice
    if (changed) events.push({ kind: 'smaller_client', width: notice.width, height: notice.height, mates: this.known })
  }
}
