import { describe, expect, it } from 'vitest'
import { JoinDetector, UNAVAILABLE_DETAIL, type DetectionEvent, type DetectorInput } from '../../electron/core/alerts/detector'
import { JoinWatch } from '../../electron/core/alerts/join-watch'
import type { GuardStatus } from '../../electron/core/alerts/guard'
import type { GuardState } from '../../electron/core/alerts/guard'
import { SCREENS, lastRow, screenText, tagged, type CapturedScreen } from '../support/guard-screens'
import { ManualClock } from '../support/manual-clock'

/** Tags this app run gave out: the first for the loop, the second for a later request. */
const OWN = 'own123'
const OWN_LATER = 'own456'
const ownTag = (tag: string | undefined) => tag === OWN || tag === OWN_LATER

/** Feeds one captured screen (or a bare status row on an otherwise blank screen). */
function feed(
  detector: JoinDetector,
  screen: CapturedScreen | string,
  guard: GuardState = 'running',
  now = 0,
  extra: Partial<DetectorInput> = {},
): DetectionEvent[] {
  const statusRow = typeof screen === 'string' ? screen : lastRow(screen)
  const text = typeof screen === 'string' ? screen : screenText(screen)
  return detector.update({ statusRow, screen: text, guard, now, ownTag, typed: true, ...extra })
}

const own = (screen: CapturedScreen) => tagged(screen, OWN)
const kinds = (events: DetectionEvent[]) => events.map((event) => event.kind)

describe('join detection from its own markers', () => {
  it('reports a join and a leave, and nothing for a status message in between', () => {
    const detector = new JoinDetector()
    expect(feed(detector, own(SCREENS.marker1))).toEqual([{ kind: 'count', mates: 1 }])
    expect(feed(detector, own(SCREENS.marker1))).toEqual([])
    expect(feed(detector, own(SCREENS.marker2_smaller))).toEqual([
      { kind: 'joined', mates: 2, previous: 1 },
      { kind: 'count', mates: 2 },
      { kind: 'smaller_client', width: 60, height: 19, mates: 2 },
    ])
    expect(feed(detector, SCREENS.message)).toEqual([])
    expect(detector.mates).toBe(2)
    expect(feed(detector, own(SCREENS.marker1_after_leave))).toEqual([
      { kind: 'left', mates: 1, previous: 2 },
      { kind: 'count', mates: 1 },
    ])
  })

  it('reads rows padded to the width and rows with several windows', () => {
    const detector = new JoinDetector({ firstConnect: false })
    expect(feed(detector, `0:bash* ⟦mates:1@${OWN}⟧ `.padEnd(120, ' '))).toEqual([{ kind: 'count', mates: 1 }])
    expect(feed(detector, lastRow(own(SCREENS.two_windows)))).toEqual([])
    expect(feed(detector, `0:bash- ⟦mates:3@${OWN}⟧ 1:vim* ⟦mates:3@${OWN}⟧`)).toEqual([
      { kind: 'joined', mates: 3, previous: 1 },
      { kind: 'count', mates: 3 },
    ])
  })

  it('reports someone already present when its first own count is 2 or more', () => {
    const detector = new JoinDetector()
    expect(kinds(feed(detector, `0:bash* ⟦mates:2@${OWN}⟧`))).toEqual(['present_at_connect', 'count'])
    expect(feed(new JoinDetector(), `0:bash* ⟦mates:3@${OWN}⟧`)[0]).toEqual({ kind: 'present_at_connect', mates: 3 })
    expect(kinds(feed(new JoinDetector(), `0:bash* ⟦mates:1@${OWN}⟧`))).toEqual(['count'])
  })

  it('takes a 0 left from before a reconnect as not yet known, so our own arrival is no join', () => {
    const detector = new JoinDetector()
    expect(feed(detector, `0:bash* ⟦mates:0@${OWN}⟧`)).toEqual([])
    expect(detector.mates).toBeNull()
    expect(feed(detector, `0:bash* ⟦mates:1@${OWN}⟧`)).toEqual([{ kind: 'count', mates: 1 }])
  })

  it('reports detection unavailable for ?, and never a count', () => {
    const detector = new JoinDetector()
    expect(feed(detector, `0:bash* ⟦mates:?@${OWN}⟧`)).toEqual([
      { kind: 'detection_unavailable', reason: 'no_count', detail: UNAVAILABLE_DETAIL.no_count },
    ])
    expect(feed(detector, `0:bash* ⟦mates:?@${OWN}⟧`, 'running', 60_000)).toEqual([])
    expect(detector.mates).toBeNull()
  })

  it('forgets a known count when it turns to ?, and compares with it when one comes back', () => {
    const detector = new JoinDetector()
    feed(detector, `0:bash* ⟦mates:1@${OWN}⟧`)
    expect(kinds(feed(detector, `0:bash* ⟦mates:?@${OWN}⟧`))).toEqual(['count', 'detection_unavailable'])
    expect(detector.mates).toBeNull()
    expect(feed(detector, `0:bash* ⟦mates:2@${OWN}⟧`)).toEqual([
      { kind: 'joined', mates: 2, previous: 1 },
      { kind: 'count', mates: 2 },
    ])
    expect(detector.unavailable).toBeUndefined()
  })

  it('reports no marker when none appears within the timeout after the guard typed its line', () => {
    const detector = new JoinDetector({ markerTimeoutMs: 6000 })
    expect(feed(detector, SCREENS.idle, 'waiting_for_prompt', 0)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'waiting_for_prompt', 60_000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'starting', 61_000)).toEqual([])
    expect(detector.nextCheckAt()).toBe(67_000)
    expect(feed(detector, SCREENS.idle, 'starting', 66_999)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'starting', 67_000)).toEqual([
      { kind: 'detection_unavailable', reason: 'no_marker', detail: UNAVAILABLE_DETAIL.no_marker },
    ])
    expect(feed(detector, SCREENS.idle, 'starting', 90_000)).toEqual([])
    expect(detector.nextCheckAt()).toBeUndefined()
    expect(kinds(feed(detector, own(SCREENS.marker1), 'running', 91_000))).toEqual(['count'])
  })

  it('reports the guard off or unavailable in its own words, and ignores a marker once it is off', () => {
    const detector = new JoinDetector()
    feed(detector, own(SCREENS.marker1))
    expect(feed(detector, own(SCREENS.marker1), 'off', 1, { guardDetail: 'The session guard was stopped.' })).toEqual([
      { kind: 'count', mates: null },
      { kind: 'detection_unavailable', reason: 'guard_off', detail: 'The session guard was stopped.' },
    ])
    expect(feed(detector, own(SCREENS.marker2_smaller), 'off', 2)).toEqual([{ kind: 'smaller_client', width: 60, height: 19, mates: null }])
    expect(detector.mates).toBeNull()

    const readOnly = new JoinDetector()
    expect(feed(readOnly, SCREENS.idle, 'unavailable', 0, { guardDetail: 'This connection is read-only.' })).toEqual([
      { kind: 'detection_unavailable', reason: 'guard_unavailable', detail: 'This connection is read-only.' },
    ])
    expect(feed(readOnly, SCREENS.idle, 'unavailable', 1, { guardDetail: 'This connection is read-only.' })).toEqual([])
  })

  it('reports the marker gone only once it has stayed away, not for a message or a redraw', () => {
    const detector = new JoinDetector({ markerGoneMs: 2000 })
    feed(detector, own(SCREENS.marker1), 'running', 0)
    expect(feed(detector, SCREENS.message, 'running', 5000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 6000)).toEqual([])
    expect(feed(detector, own(SCREENS.marker1), 'running', 7000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 8000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 9999)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 10_000)).toEqual([
      { kind: 'count', mates: null },
      { kind: 'detection_unavailable', reason: 'marker_gone', detail: UNAVAILABLE_DETAIL.marker_gone },
    ])
  })

  it('reports a smaller client once per size once its own count is known', () => {
    const detector = new JoinDetector()
    feed(detector, own(SCREENS.marker1))
    const filler = screenText(SCREENS.marker2_smaller)
    const input = { statusRow: `0:bash* ⟦mates:1@${OWN}⟧`, screen: filler, guard: 'running' as const, now: 0, ownTag }
    expect(detector.update(input)).toEqual([{ kind: 'smaller_client', width: 60, height: 19, mates: 1 }])
    expect(detector.update(input)).toEqual([])
    expect(detector.update({ ...input, screen: screenText(SCREENS.idle) })).toEqual([])
    expect(detector.update({ ...input, screen: filler.replace('size 60x19', 'size 50x19') })).toEqual([
      { kind: 'smaller_client', width: 50, height: 19, mates: 1 },
    ])
    expect(detector.update({ ...input, screen: screenText(SCREENS.idle) })).toEqual([])
    expect(kinds(detector.update(input))).toEqual(['smaller_client'])
  })

  it('tells nothing from an empty row or the start-up view', () => {
    const detector = new JoinDetector()
    expect(feed(detector, '', 'waiting_for_prompt')).toEqual([])
    expect(feed(detector, SCREENS.startup, 'waiting_for_prompt')).toEqual([])
    expect(detector.mates).toBeNull()
  })
})

describe('markers Shipmate did not write (issue 18)', () => {
  it('never takes an untagged or foreign marker as the count', () => {
    for (const row of ['0:bash* ⟦mates:1⟧', '0:bash* ⟦mates:1@abcdef⟧', '0:bash* @abcdef:1']) {
      const detector = new JoinDetector()
      const events = feed(detector, row, 'waiting_for_prompt')
      expect(detector.mates, row).toBeNull()
      expect(kinds(events), row).toEqual(['early_sign'])
      expect(events[0]).toMatchObject({ sign: 'marker', mates: null, detail: expect.stringContaining('A count (1) was already on the status row') })
    }
  })

  it('disputes a count set before it connected that is lower than its own first reading', () => {
    const detector = new JoinDetector()
    feed(detector, '0:bash* ⟦mates:1⟧', 'waiting_for_prompt', 0)
    const events = feed(detector, `0:bash* @${OWN}:2`, 'starting', 1000)
    expect(kinds(events)).toEqual(['count_disputed', 'present_at_connect', 'count'])
    expect(events[0]).toEqual({
      kind: 'count_disputed',
      reason: 'lower_claim',
      claimed: 1,
      own: 2,
      mates: 2,
      detail: 'The count on the status row (1) was set by someone else; someone may have been in this session before you.',
    })
    expect(detector.mates).toBe(2)
  })

  it('takes a claim equal to its own reading, or a 0 from before anyone came, without a dispute', () => {
    const equal = new JoinDetector()
    feed(equal, '0:bash* ⟦mates:1@abcdef⟧', 'waiting_for_prompt', 0)
    expect(kinds(feed(equal, `0:bash* @${OWN}:1`, 'starting', 1000))).toEqual(['count'])
    const stale = new JoinDetector()
    feed(stale, '0:bash* ⟦mates:0@abcdef⟧', 'waiting_for_prompt', 0)
    expect(kinds(feed(stale, `0:bash* @${OWN}:1`, 'starting', 1000))).toEqual(['count'])
  })

  it('disputes a count on the row when the host gives it none of its own', () => {
    const detector = new JoinDetector()
    feed(detector, '0:bash* ⟦mates:1⟧', 'waiting_for_prompt', 0)
    const events = feed(detector, `0:bash* @${OWN}:`, 'starting', 1000)
    expect(events[0]).toMatchObject({ kind: 'count_disputed', reason: 'no_count_of_own', claimed: 1, own: '?', mates: null })
    expect(events[0]).toMatchObject({ detail: expect.stringContaining('this tmate server gives no client count at all') })
    expect(kinds(events)).toEqual(['count_disputed', 'detection_unavailable'])
    expect(detector.mates).toBeNull()
    // A number written later on a server without counts is made up too.
    expect(feed(detector, `0:bash* ⟦mates:?@${OWN}⟧`, 'running', 2000)).toEqual([])
    expect(feed(detector, '0:bash* ⟦mates:3⟧', 'running', 3000)).toMatchObject([{ kind: 'count_disputed', reason: 'no_count_of_own', claimed: 3 }])
  })

  it('disputes a count on the row when the guard it typed never got a reading of its own', () => {
    const detector = new JoinDetector()
    feed(detector, '0:bash* ⟦mates:1⟧', 'starting', 0)
    // Nothing typed (a read-only connection): no reading of its own to miss, only no detection.
    expect(feed(detector, '0:bash* ⟦mates:1⟧', 'unavailable', 6000, { typed: false })).toMatchObject([
      { kind: 'detection_unavailable', reason: 'guard_unavailable' },
    ])
    expect(feed(detector, '0:bash* ⟦mates:1⟧', 'unavailable', 6000)).toMatchObject([
      { kind: 'count_disputed', reason: 'no_own_reading', claimed: 1, own: undefined, mates: null },
    ])
  })

  it('disputes a lower count someone else writes while it is connected, and takes a higher one as a join', () => {
    const detector = new JoinDetector()
    feed(detector, `0:bash* ⟦mates:2@${OWN}⟧`, 'running', 0)
    expect(feed(detector, '0:bash* ⟦mates:1⟧', 'running', 1000)).toMatchObject([
      { kind: 'count_disputed', reason: 'lower_claim', claimed: 1, own: 2, mates: 2, detail: expect.stringContaining('may be hiding') },
    ])
    expect(detector.mates).toBe(2)
    // The same finding again is not news; a higher claim can only warn.
    expect(feed(detector, `0:bash* ⟦mates:2@${OWN}⟧`, 'running', 1500)).toEqual([])
    expect(feed(detector, '0:bash* ⟦mates:1⟧', 'running', 2000)).toEqual([])
    expect(feed(detector, '0:bash* ⟦mates:3@abcdef⟧', 'running', 3000)).toEqual([
      { kind: 'joined', mates: 3, previous: 2 },
      { kind: 'count', mates: 3 },
    ])
  })

  it('disputes the count when its loop says it had to put its count back, at 1, 2, 4… overwrites', () => {
    const detector = new JoinDetector()
    feed(detector, `0:bash* ⟦mates:2@${OWN}⟧`, 'running', 0)
    const first = feed(detector, `0:bash* ⟦mates:2@${OWN}+1⟧`, 'running', 1000)
    expect(first).toEqual([
      {
        kind: 'count_disputed',
        reason: 'overwritten',
        claimed: undefined,
        own: 2,
        mates: 2,
        detail: "Someone else overwrote the count on the status row (1 time so far); Shipmate's session guard put its own back. Someone in this session may be hiding.",
      },
    ])
    const reported = [2, 3, 4, 5, 6, 7, 8].flatMap((n) => feed(detector, `0:bash* ⟦mates:2@${OWN}+${n}⟧`, 'running', 1000 + n))
    expect(reported.map((event) => event.kind === 'count_disputed' && event.detail.match(/\((\d+) times/)?.[1])).toEqual(['2', '4', '8'])
  })

  it('disputes a row that shows two different counts at once', () => {
    const detector = new JoinDetector({ firstConnect: false })
    feed(detector, `0:bash- ⟦mates:2@${OWN}⟧ 1:bash* ⟦mates:2@${OWN}⟧`, 'running', 0)
    expect(feed(detector, `0:bash- ⟦mates:1@${OWN}⟧ 1:bash* ⟦mates:2@${OWN}⟧`, 'running', 1000)[0]).toMatchObject({
      kind: 'count_disputed',
      reason: 'conflicting',
    })
  })

  it('takes a one-time read while the guard waits on a loop, and calls it stale once nothing follows it', () => {
    const detector = new JoinDetector({ markerGoneMs: 2000 })
    expect(kinds(feed(detector, `0:bash* @${OWN}:1`, 'starting', 0))).toEqual(['count'])
    expect(feed(detector, `0:bash* @${OWN}:1`, 'waiting_for_prompt', 1000)).toEqual([])
    expect(detector.nextCheckAt()).toBe(3000)
    expect(feed(detector, `0:bash* @${OWN}:1`, 'starting', 1500)).toEqual([])
    expect(feed(detector, `0:bash* @${OWN}:1`, 'waiting_for_prompt', 2000)).toEqual([])
    expect(feed(detector, `0:bash* @${OWN}:1`, 'waiting_for_prompt', 4000)).toEqual([
      { kind: 'count', mates: null },
      { kind: 'detection_unavailable', reason: 'no_guard', detail: UNAVAILABLE_DETAIL.no_guard },
    ])
    expect(kinds(feed(detector, `0:bash* ⟦mates:1@${OWN_LATER}⟧`, 'running', 5000))).toEqual(['count'])
  })
})

describe('early signs at connect, said without alarm', () => {
  it('more than one window at the first connect, not at a reconnect', () => {
    const detector = new JoinDetector()
    expect(feed(detector, '0:[tmux]- 1:bash*', 'waiting_for_prompt')).toEqual([
      { kind: 'early_sign', sign: 'windows', mates: null, detail: '2 windows were open when you first connected; a fresh debug VM starts with one.' },
    ])
    expect(feed(detector, '0:bash- 1:bash* 2:vim', 'waiting_for_prompt', 10)).toEqual([])
    expect(feed(new JoinDetector({ firstConnect: false }), '0:[tmux]- 1:bash*', 'waiting_for_prompt')).toEqual([])
    expect(feed(new JoinDetector(), '0:[tmux]*', 'waiting_for_prompt')).toEqual([])
  })

  it('a smaller client seen before its own first reading', () => {
    const detector = new JoinDetector()
    const input = { statusRow: '0:bash*', screen: screenText(SCREENS.marker2_smaller), guard: 'waiting_for_prompt' as const, now: 0, ownTag }
    const events = detector.update(input)
    expect(events).toEqual([
      {
        kind: 'early_sign',
        sign: 'smaller_client',
        mates: null,
        detail: 'A smaller client (60x19) was already connected when you arrived: the shared window had shrunk to its size.',
      },
    ])
    expect(JSON.stringify(events)).not.toMatch(/intruder|alert|danger/i)
    // A redraw without the size text is the same client; one that stayed away and came back is told again.
    expect(detector.update({ ...input, screen: screenText(SCREENS.idle), now: 100 })).toEqual([])
    expect(detector.update({ ...input, now: 200 })).toEqual([])
    expect(detector.update({ ...input, screen: screenText(SCREENS.idle), now: 300 })).toEqual([])
    expect(detector.update({ ...input, screen: screenText(SCREENS.idle), now: 2300 })).toEqual([])
    expect(detector.update({ ...input, now: 2400 })).toEqual([{ kind: 'smaller_client', width: 60, height: 19, mates: null }])
  })

  it('no longer at connect once its own count is in, or long after the first row', () => {
    const counted = new JoinDetector()
    feed(counted, own(SCREENS.marker1), 'running', 0)
    expect(kinds(feed(counted, own(SCREENS.marker2_smaller), 'running', 1))).toEqual(['joined', 'count', 'smaller_client'])
    const waiting = new JoinDetector()
    feed(waiting, SCREENS.idle, 'waiting_for_prompt', 0)
    expect(kinds(feed(waiting, '0:bash* ⟦mates:1⟧', 'waiting_for_prompt', 60_000))).toEqual([])
  })
})

describe('the join watch', () => {
  it('fires the no-marker timeout although the screen never changes', () => {
    const clock = new ManualClock()
    let status: GuardStatus = { state: 'waiting_for_prompt', detail: '', since: 0 }
    const guardListeners = new Set<(status: GuardStatus) => void>()
    const screen = {
      lastRow: () => lastRow(SCREENS.idle),
      screenText: () => screenText(SCREENS.idle),
      onChange: () => () => undefined,
    }
    const guard = {
      snapshot: () => status,
      onChange: (listener: (s: GuardStatus) => void) => {
        guardListeners.add(listener)
        return () => guardListeners.delete(listener)
      },
    }
    const events: DetectionEvent[] = []
    const watch = new JoinWatch(screen, guard, (batch) => events.push(...batch), { now: clock.now, setTimer: clock.setTimer })

    clock.advance(1000)
    status = { state: 'starting', detail: '', since: 1000 }
    for (const listener of guardListeners) listener(status)
    clock.advance(5999)
    expect(events).toEqual([])
    clock.advance(1)
    expect(events).toEqual([{ kind: 'detection_unavailable', reason: 'no_marker', detail: UNAVAILABLE_DETAIL.no_marker }])
    expect(clock.pending()).toBe(0)

    watch.stop()
    expect(guardListeners.size).toBe(0)
  })

  it('counts only markers under the tags its guard owns', () => {
    const status: GuardStatus = { state: 'running', detail: '', since: 0 }
    let row = '0:bash* ⟦mates:1@abcdef⟧'
    const screenListeners = new Set<() => void>()
    const screen = {
      lastRow: () => row,
      screenText: () => row,
      onChange: (listener: () => void) => {
        screenListeners.add(listener)
        return () => screenListeners.delete(listener)
      },
    }
    const guard = { snapshot: () => status, onChange: () => () => undefined, ownsTag: ownTag, tag: OWN }
    const events: DetectionEvent[] = []
    const watch = new JoinWatch(screen, guard, (batch) => events.push(...batch))
    expect(watch.mates).toBeNull()
    row = `0:bash* ⟦mates:1@${OWN}⟧`
    for (const listener of screenListeners) listener()
    expect(watch.mates).toBe(1)
    watch.stop()
  })
})
