import { findSizeNotice, parseStatusRow, type GuardMarker, type StatusRow } from '@shared/parse/status-row'
import type { UnavailableReason } from '@shared/detection'
import type { GuardState } from './guard'

export type { UnavailableReason } from '@shared/detection'

/**
 * Join and leave detection from what a viewer sees: the count a session guard publishes in the
 * status row (` ⟦mates:N@tag⟧ `), and tmate's `(size WxH from a smaller client)` filler. Our own
 * connection is one mate, so N >= 2 means somebody else is in. The count is either known or the
 * detector says why not: it never stands for "nobody else here" when it cannot tell.
 *
 * Anyone with a shell on the host can write a marker, so only a marker whose tag Shipmate gave out
 * in this app run counts as a reading; any other is a claim. A claim never lowers the count and
 * never makes it known. A claim lower than Shipmate's own reading, a count where the host gives
 * none, or a loop that had to put its count back, is a dispute: someone is writing the row to hide.
 */

export type DisputeReason =
  /** Someone else's count is lower than Shipmate's own reading. */
  | 'lower_claim'
  /** A count is on the row, but the host gives Shipmate no count at all (no tmate-websocket). */
  | 'no_count_of_own'
  /** A count is on the row, and the guard Shipmate typed never got a reading of its own. */
  | 'no_own_reading'
  /** Shipmate's loop found another count in its place and put its own back. */
  | 'overwritten'
  /** The row shows different counts at once (a window with a separator of its own). */
  | 'conflicting'

/** What, seen at connect, suggests someone was there first. */
export type EarlySign = 'marker' | 'windows' | 'smaller_client'

export type DetectionEvent =
  /** The known count changed, or became known or unknown (null). */
  | { kind: 'count'; mates: number | null }
  | { kind: 'joined'; mates: number; previous: number }
  | { kind: 'left'; mates: number; previous: number }
  /** The first count Shipmate read itself was already 2 or more: someone read the log and got in first. */
  | { kind: 'present_at_connect'; mates: number }
  | { kind: 'detection_unavailable'; reason: UnavailableReason; detail: string }
  /** A smaller read-write client shrinks the window; seen even without a guard. */
  | { kind: 'smaller_client'; width: number; height: number; mates: number | null }
  /**
   * A smaller client is connected while no count is known: on a detached host every other client is
   * another person, and this is the only sign of one a viewer can see there.
   */
  | { kind: 'possible_join'; width: number; height: number; reason: UnavailableReason }
  /** The smaller client's window has stayed away: it left, or made its window as big as ours. */
  | { kind: 'possible_leave'; reason: UnavailableReason }
  | {
      kind: 'count_disputed'
      reason: DisputeReason
      /** The count someone else wrote, when there is one. */
      claimed: number | '?' | undefined
      /** Shipmate's own reading at the time, when it has one. */
      own: number | '?' | undefined
      /** The count as Shipmate knows it (its own reading), for the timeline. */
      mates: number | null
      detail: string
    }
  /** Said plainly, without alarm: a sign, not proof. */
  | { kind: 'early_sign'; sign: EarlySign; mates: number | null; detail: string }
  /** After a reconnect: the host still counts Shipmate's previous connection (counted), or no longer does. */
  | { kind: 'previous_connection'; counted: boolean; mates: number }

export interface DetectorInput {
  /** The status row as the mirror shows it. */
  statusRow: string
  /** The whole screen, for the size filler. */
  screen: string
  guard: GuardState
  /** The guard's own words, used when it is unavailable. */
  guardDetail?: string
  /** Whether this app run gave out the tag: only such markers are readings. Without it every marker is a claim. */
  ownTag?: (tag: string | undefined) => boolean
  /** The guard has typed its line on this connection and waits for (or got) its answer. */
  typed?: boolean
  /** The tag of what the guard typed on this connection: a marker under it was read on this connection. */
  currentTag?: string | undefined
  now: number
}

export interface JoinDetectorOptions {
  /** How long after the guard has typed its line the marker may take to appear. */
  markerTimeoutMs?: number
  /** How long the marker may be missing from a window list before it counts as gone (a redraw, a long list scrolled). */
  markerGoneMs?: number
  /** The first connection of this session, not a reconnect: a fresh debug VM has one window then. */
  firstConnect?: boolean
  /**
   * Shipmate's own earlier connections to this session that the host may still count: one after a
   * reconnect that followed a lost connection, since a server that stopped answering notices its
   * client is gone only at its own timeout (tmate's keepalive is minutes apart).
   */
  ownEarlier?: number
  /**
   * How long an old connection of Shipmate's may stay counted before the extra client counts as
   * someone else: tmate's server asks its clients every 5 minutes and TCP gives up on a dead peer
   * within about 15 more, so by then the count is no longer Shipmate's own.
   */
  ownEarlierMaxMs?: number
  /**
   * How long a smaller client's window may be missing before it counts as gone. tmate redraws the
   * whole screen on a resize or a window switch, and the size text follows the redraw.
   */
  smallerGoneMs?: number
}

/** How long after the first status row what is seen still counts as found at connect. */
const CONNECT_PHASE_MS = 15_000

export const UNAVAILABLE_DETAIL: Record<UnavailableReason, string> = {
  no_count:
    'The session guard shows no client count: the tmate server runs without tmate-websocket, or the guard has stopped. Join detection is off.',
  no_marker: 'The session guard was typed but its count never appeared on the status row. Join detection is off.',
  marker_gone:
    "The session guard's count is gone from the status row (the host's status settings changed or the guard stopped). Join detection is off.",
  guard_off: 'The session guard is off, so Shipmate cannot tell who else joins.',
  guard_unavailable: 'The session guard cannot run in this session, so Shipmate cannot tell who else joins.',
  no_guard:
    'Shipmate read the count once, but no session guard on the host keeps it up to date yet; Shipmate starts one at the next idle shell prompt.',
}

export class JoinDetector {
  private known: number | null = null
  /** The last count ever seen, to compare a count that comes back after a gap. */
  private lastCount: number | undefined
  private reported: UnavailableReason | undefined
  private reportedDetail: string | undefined
  private markerSeen = false
  private waitingSince: number | undefined
  private missingSince: number | undefined
  private notice: { width: number; height: number } | undefined
  /** Since when the smaller client's size text has been missing from the screen. */
  private noticeMissingSince: number | undefined
  /** A possible join was reported and its window has not gone away since. */
  private possible: UnavailableReason | undefined
  private readonly smallerGoneMs: number
  /** Shipmate has read the count itself on this connection (a marker with one of its tags). */
  private ownRead = false
  /** The host gave Shipmate's own reading no count (`?`): any number on the row was made up. */
  private ownHasNoCount = false
  /** The last count someone else wrote, to compare with Shipmate's first reading. */
  private latestClaim: number | '?' | undefined
  private overwritesReported = 0
  private readonly disputes = new Set<string>()
  private readonly signs = new Set<EarlySign>()
  private firstRowAt: number | undefined
  private readonly markerTimeoutMs: number
  private readonly markerGoneMs: number
  private readonly firstConnect: boolean
  /** Shipmate's earlier connections that may still be counted, not yet seen in the count. */
  private pending: number
  /** Shipmate's earlier connections seen in the count and not seen to go. */
  private earlier = 0
  private earlierSince: number | undefined
  /** The count before a rise held for the first reading of this connection. */
  private heldFrom: number | undefined
  private readonly ownEarlierMaxMs: number
  private lastNow = 0

  constructor(options: JoinDetectorOptions = {}) {
    this.markerTimeoutMs = options.markerTimeoutMs ?? 6000
    this.markerGoneMs = options.markerGoneMs ?? 2000
    this.firstConnect = options.firstConnect ?? true
    this.pending = options.ownEarlier ?? 0
    this.ownEarlierMaxMs = options.ownEarlierMaxMs ?? 20 * 60_000
    this.smallerGoneMs = options.smallerGoneMs ?? 2000
  }

  /** Shipmate's earlier connections the host may still count, as far as the count has told. */
  get ownEarlier(): number {
    return this.pending + this.earlier
  }

  /** Connected clients including us, or null when unknown. */
  get mates(): number | null {
    return this.known
  }

  /** Why the count is unknown, when it is and the reason has been told. */
  get unavailable(): UnavailableReason | undefined {
    return this.reported
  }

  /** The same, with the words it was told in. */
  get unavailableWith(): { reason: UnavailableReason; detail: string } | undefined {
    return this.reported === undefined ? undefined : { reason: this.reported, detail: this.reportedDetail ?? UNAVAILABLE_DETAIL[this.reported] }
  }

  /** When `update` should run again although the screen has not changed (a timeout is pending). */
  nextCheckAt(): number | undefined {
    const due = [
      this.waitingSince === undefined ? undefined : this.waitingSince + this.markerTimeoutMs,
      this.missingSince === undefined ? undefined : this.missingSince + this.markerGoneMs,
      this.noticeMissingSince === undefined ? undefined : this.noticeMissingSince + this.smallerGoneMs,
      this.earlierSince === undefined ? undefined : this.earlierSince + this.ownEarlierMaxMs,
      this.pending === 0 || this.firstRowAt === undefined ? undefined : this.firstRowAt + CONNECT_PHASE_MS,
    ].filter((at): at is number => at !== undefined)
    return due.length === 0 ? undefined : Math.min(...due)
  }

  update(input: DetectorInput): DetectionEvent[] {
    this.lastNow = input.now
    const events: DetectionEvent[] = []
    this.expireEarlier(input.now, events)
    this.expirePending(input.now, events)
    const row = parseStatusRow(input.statusRow)
    // A message or a blank row hides the list for a moment: nothing can be told from it.
    if (row.kind !== 'windows') return events
    this.readFirstRow(row, input, events)
    this.readCount(row.markers ?? [], input, events)
    this.readSizeNotice(input.screen, input, events)
    return events
  }

  /** Still at connect: before Shipmate's own first reading, while a guard may yet give one. */
  private connecting(input: DetectorInput): boolean {
    return !this.ownRead && input.guard !== 'unavailable' && input.now - (this.firstRowAt ?? input.now) < CONNECT_PHASE_MS
  }

  private readFirstRow(row: Extract<StatusRow, { kind: 'windows' }>, input: DetectorInput, events: DetectionEvent[]): void {
    if (this.firstRowAt !== undefined) return
    this.firstRowAt = input.now
    const windows = row.windows.length
    if (this.firstConnect && windows > 1) {
      this.sign('windows', `${windows} windows were open when you first connected; a fresh debug VM starts with one.`, events)
    }
  }

  private readCount(markers: readonly GuardMarker[], input: DetectorInput, events: DetectionEvent[]): void {
    if (input.guard === 'off') {
      // The user stopped watching: a marker still on the row is not ours to act on.
      this.markerSeen = false
      this.waitingSince = undefined
      this.missingSince = undefined
      this.unknown('guard_off', input.guardDetail, events)
      return
    }
    if (input.guard === 'unavailable' && input.typed !== true) {
      // Nothing typed on this connection (read-only): whatever marker is on the row, even one of a loop
      // this app run started through another connection, counts that connection, not this one's view.
      this.markerSeen = false
      this.waitingSince = undefined
      this.missingSince = undefined
      this.unknown('guard_unavailable', input.guardDetail, events)
      return
    }
    if (markers.length > 0) {
      this.markerSeen = true
      this.waitingSince = undefined
      this.readMarkers(markers, input, events)
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

  private readMarkers(markers: readonly GuardMarker[], input: DetectorInput, events: DetectionEvent[]): void {
    const counts = [...new Set(markers.map((marker) => String(marker.mates)))]
    if (counts.length > 1) {
      this.dispute('conflicting', undefined, undefined, `The status row shows different counts at once (${counts.join(', ')}): someone else set one of them.`, events)
    }
    const own = (marker: GuardMarker): boolean => input.ownTag?.(marker.tag) ?? false
    for (const claim of markers.filter((marker) => !own(marker))) this.readClaim(claim, input, events)
    const mine = markers.find(own)
    // A one-time read the guard no longer waits on is stale: it goes like a missing marker, after a grace.
    if (mine?.oneShot === true && input.guard !== 'starting') {
      this.readStaleRead(input, events)
      return
    }
    this.missingSince = undefined
    if (mine !== undefined) this.readOwn(mine, input, events)
    else if (!this.ownRead && input.guard === 'unavailable' && input.typed === true && this.latestClaim !== undefined) {
      this.dispute(
        'no_own_reading',
        this.latestClaim,
        undefined,
        `A count (${this.latestClaim}) is on the status row, but the session guard Shipmate typed got no count of its own from the host: someone else set it, and someone may be in this session.`,
        events,
      )
    }
  }

  private readClaim(claim: GuardMarker, input: DetectorInput, events: DetectionEvent[]): void {
    this.latestClaim = claim.mates
    if (this.connecting(input)) {
      this.sign('marker', `A count (${claim.mates}) was already on the status row when you connected. Shipmate did not write it, so it reads the count itself.`, events)
      return
    }
    if (!this.ownRead || claim.mates === '?') return
    if (this.ownHasNoCount) {
      this.dispute('no_count_of_own', claim.mates, '?', noCountOfOwn(claim.mates), events)
      return
    }
    // Nothing of its own to compare with right now, or a count from before anyone came.
    if (this.known === null || claim.mates === 0) return
    if (claim.mates < this.known) {
      this.dispute(
        'lower_claim',
        claim.mates,
        this.known,
        `The count on the status row (${claim.mates}) was set by someone else while Shipmate's own reading is ${this.known}: someone in this session may be hiding.`,
        events,
      )
    } else if (claim.mates > this.known) {
      // More clients than Shipmate read can only be a warning, never an all-clear.
      this.count(claim.mates, events)
    }
  }

  /** Usually the guard types its loop within moments of a request nobody answered; if not, say the count is not followed. */
  private readStaleRead(input: DetectorInput, events: DetectionEvent[]): void {
    if (this.reported === 'no_guard') return
    this.missingSince ??= input.now
    if (input.now - this.missingSince < this.markerGoneMs) return
    this.missingSince = undefined
    this.unknown('no_guard', undefined, events)
  }

  private readOwn(marker: GuardMarker, input: DetectorInput, events: DetectionEvent[]): void {
    if (marker.overwrites > 0 && (this.overwritesReported === 0 || marker.overwrites >= 2 * this.overwritesReported)) {
      // Reported at 1, 2, 4, 8… overwrites: a writer fighting the loop would otherwise fill the timeline.
      this.overwritesReported = marker.overwrites
      this.dispute(
        'overwritten',
        undefined,
        marker.mates,
        `Someone else overwrote the count on the status row (${marker.overwrites} ${marker.overwrites === 1 ? 'time' : 'times'} so far); Shipmate's session guard put its own back. Someone in this session may be hiding.`,
        events,
      )
    }
    // 0 with us connected is the count from before we came (a reconnect): the loop has yet to poll.
    if (marker.mates === 0) return
    const first = !this.ownRead
    this.ownRead = true
    const claim = first ? this.latestClaim : undefined
    this.ownHasNoCount = marker.mates === '?'
    if (marker.mates === '?') {
      if (typeof claim === 'number') this.dispute('no_count_of_own', claim, '?', noCountOfOwn(claim), events)
      this.unknown('no_count', undefined, events)
      return
    }
    // A claim of 0 is from before anyone came: stale, not a lie. The dispute goes first: it is the finding that explains the rest.
    if (typeof claim === 'number' && claim >= 1 && claim < marker.mates) {
      this.dispute(
        'lower_claim',
        claim,
        marker.mates,
        `The count on the status row (${claim}) was set by someone else; someone may have been in this session before you.`,
        events,
        marker.mates,
      )
    }
    this.count(marker.mates, events, marker.tag !== undefined && marker.tag === input.currentTag)
  }

  private count(mates: number, events: DetectionEvent[], fresh = false): void {
    const previous = this.lastCount
    // After a reconnect, until the guard's first reading on this connection: the screen kept
    // through the reconnect shows the count from before it, and this connection shows up as a rise
    // whose cause only that fresh reading can tell. So a rise waits for it (within the connect
    // phase); the fresh count, beyond this connection and the old ones, is someone else.
    const held = this.pending > 0 && !fresh && previous !== undefined && mates > previous
    if (this.pending > 0 && fresh) this.settleEarlier(mates, this.heldFrom ?? previous, events)
    else if (held) this.heldFrom ??= previous
    else if (previous === undefined) {
      if (mates >= 2 + this.pending) events.push({ kind: 'present_at_connect', mates })
    } else if (mates > previous) {
      events.push({ kind: 'joined', mates, previous })
    } else if (mates < previous) {
      // Read as Shipmate's own old connection going first: the one client known to be leaving.
      const gone = Math.min(this.earlier, previous - mates)
      this.earlier -= gone
      if (this.earlier === 0) this.earlierSince = undefined
      if (gone > 0 && this.earlier === 0) events.push({ kind: 'previous_connection', counted: false, mates })
      if (previous - mates > gone) events.push({ kind: 'left', mates, previous })
    }
    this.lastCount = mates
    this.reported = undefined
    if (this.known !== mates) {
      this.known = mates
      events.push({ kind: 'count', mates })
    }
  }

  /** The first count read on this connection after a reconnect: what of it is Shipmate's own, and who else. */
  private settleEarlier(mates: number, before: number | undefined, events: DetectionEvent[]): void {
    const own = Math.max(0, Math.min(this.pending, mates - 1))
    this.pending = 0
    this.heldFrom = undefined
    if (own > 0) {
      this.earlier = own
      this.earlierSince = this.lastNow
      events.push({ kind: 'previous_connection', counted: true, mates })
    }
    const others = mates - 1 - own
    const othersBefore = before === undefined ? 0 : Math.max(0, before - 1)
    if (others > othersBefore) events.push(before === undefined ? { kind: 'present_at_connect', mates } : { kind: 'joined', mates, previous: before })
    else if (others < othersBefore && before !== undefined) events.push({ kind: 'left', mates, previous: before })
  }

  /** No reading of its own came in the connect phase: a rise held for it is reported as it was. */
  private expirePending(now: number, events: DetectionEvent[]): void {
    if (this.pending === 0 || this.firstRowAt === undefined || now - this.firstRowAt < CONNECT_PHASE_MS) return
    this.pending = 0
    const from = this.heldFrom
    this.heldFrom = undefined
    if (from !== undefined && this.lastCount !== undefined && this.lastCount > from) {
      events.push({ kind: 'joined', mates: this.lastCount, previous: from })
    }
  }

  /** An old connection still counted long after any server would have dropped it is someone else. */
  private expireEarlier(now: number, events: DetectionEvent[]): void {
    if (this.earlierSince === undefined || now - this.earlierSince < this.ownEarlierMaxMs) return
    this.earlierSince = undefined
    const still = this.earlier
    this.earlier = 0
    if (still > 0 && this.lastCount !== undefined) events.push({ kind: 'joined', mates: this.lastCount, previous: this.lastCount - still })
  }

  private unknown(reason: UnavailableReason, detail: string | undefined, events: DetectionEvent[]): void {
    if (this.known !== null) {
      this.known = null
      events.push({ kind: 'count', mates: null })
    }
    if (this.reported === reason) return
    this.reported = reason
    this.reportedDetail = detail ?? UNAVAILABLE_DETAIL[reason]
    events.push({ kind: 'detection_unavailable', reason, detail: this.reportedDetail })
  }

  /** Each dispute once: a writer flipping the row back and forth is one finding, not hundreds. */
  private dispute(
    reason: DisputeReason,
    claimed: number | '?' | undefined,
    own: number | '?' | undefined,
    detail: string,
    events: DetectionEvent[],
    mates = this.known,
  ): void {
    const key = reason === 'overwritten' ? `${reason}:${this.overwritesReported}` : `${reason}:${claimed}:${own}`
    if (this.disputes.has(key)) return
    this.disputes.add(key)
    events.push({ kind: 'count_disputed', reason, claimed, own, mates, detail })
  }

  private sign(sign: EarlySign, detail: string, events: DetectionEvent[]): void {
    if (this.signs.has(sign)) return
    this.signs.add(sign)
    events.push({ kind: 'early_sign', sign, mates: this.known, detail })
  }

  /**
   * The smaller client's size text. tmate redraws the whole screen on a resize or a window switch
   * and the size text follows the redraw, so a window missing for less than smallerGoneMs is the
   * same client still there: one entry per client and size, not one per redraw.
   */
  private readSizeNotice(screen: string, input: DetectorInput, events: DetectionEvent[]): void {
    const notice = findSizeNotice(screen)
    if (notice === undefined) {
      if (this.notice === undefined) return
      this.noticeMissingSince ??= input.now
      if (input.now - this.noticeMissingSince < this.smallerGoneMs) return
      this.noticeMissingSince = undefined
      this.notice = undefined
      if (this.possible !== undefined) events.push({ kind: 'possible_leave', reason: this.possible })
      this.possible = undefined
      return
    }
    this.noticeMissingSince = undefined
    const changed = notice.width !== this.notice?.width || notice.height !== this.notice.height
    this.notice = notice
    if (changed && this.connecting(input) && !this.signs.has('smaller_client')) {
      this.sign(
        'smaller_client',
        `A smaller client (${notice.width}x${notice.height}) was already connected when you arrived: the shared window had shrunk to its size.`,
        events,
      )
      return
    }
    const reason = this.uncounted()
    if (reason === undefined) {
      // A count known now takes over from a possible join without a word: joins and leaves are counted.
      if (this.known !== null) this.possible = undefined
      if (changed) events.push({ kind: 'smaller_client', width: notice.width, height: notice.height, mates: this.known })
      return
    }
    if (this.possible !== undefined) return
    this.possible = reason
    events.push({ kind: 'possible_join', width: notice.width, height: notice.height, reason })
  }

  /** Why no count is known, when that has been told and the user has not turned detection off. */
  private uncounted(): UnavailableReason | undefined {
    return this.known === null && this.reported !== 'guard_off' ? this.reported : undefined
  }
}

function noCountOfOwn(claimed: number | '?'): string {
  return `The count on the status row (${claimed}) was set by someone else: this tmate server gives no client count at all. Someone may have been in this session before you.`
}
