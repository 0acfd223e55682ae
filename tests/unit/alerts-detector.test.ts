import { describe, expect, it } from 'vitest'
import { JoinDetector, UNAVAILABLE_DETAIL, type DetectionEvent } from '../../electron/core/alerts/detector'
import { JoinWatch } from '../../electron/core/alerts/join-watch'
import type { GuardStatus } from '../../electron/core/sessions/guard'
import type { GuardState } from '@shared/types/sessions'
import { SCREENS, lastRow, screenText, type CapturedScreen } from '../support/guard-screens'
import { ManualClock } from '../support/manual-clock'

/** Feeds one captured screen (or a bare status row on an otherwise blank screen). */
function feed(detector: JoinDetector, screen: CapturedScreen | string, guard: GuardState = 'running', now = 0, guardDetail?: string) {
  const statusRow = typeof screen === 'string' ? screen : lastRow(screen)
  const text = typeof screen === 'string' ? screen : screenText(screen)
  return detector.update({ statusRow, screen: text, guard, now, ...(guardDetail === undefined ? {} : { guardDetail }) })
}

const kinds = (events: DetectionEvent[]) => events.map((event) => event.kind)

describe('join detection from the status row', () => {
  it('reports a join and a leave, and nothing for a status message in between', () => {
    const detector = new JoinDetector()
    expect(feed(detector, SCREENS.marker1)).toEqual([{ kind: 'count', mates: 1 }])
    expect(feed(detector, SCREENS.marker1)).toEqual([])
    expect(feed(detector, SCREENS.marker2_smaller)).toEqual([
      { kind: 'joined', mates: 2, previous: 1 },
      { kind: 'count', mates: 2 },
      { kind: 'smaller_client', width: 60, height: 19, mates: 2 },
    ])
    expect(feed(detector, SCREENS.message)).toEqual([])
    expect(detector.mates).toBe(2)
    expect(feed(detector, SCREENS.marker1_after_leave)).toEqual([
      { kind: 'left', mates: 1, previous: 2 },
      { kind: 'count', mates: 1 },
    ])
  })

  it('reads rows padded to the width and rows with several windows', () => {
    const detector = new JoinDetector()
    expect(feed(detector, '0:bash* ⟦mates:1⟧ '.padEnd(120, ' '))).toEqual([{ kind: 'count', mates: 1 }])
    expect(feed(detector, lastRow(SCREENS.two_windows))).toEqual([])
    expect(feed(detector, '0:bash- ⟦mates:3⟧ 1:vim* ⟦mates:3⟧')).toEqual([
      { kind: 'joined', mates: 3, previous: 1 },
      { kind: 'count', mates: 3 },
    ])
  })

  it('reports someone already present when the first count is 2 or more', () => {
    const detector = new JoinDetector()
    expect(kinds(feed(detector, '0:bash* ⟦mates:2⟧'))).toEqual(['present_at_connect', 'count'])
    expect(feed(new JoinDetector(), '0:bash* ⟦mates:3⟧')[0]).toEqual({ kind: 'present_at_connect', mates: 3 })
    expect(kinds(feed(new JoinDetector(), '0:bash* ⟦mates:1⟧'))).toEqual(['count'])
  })

  it('takes a 0 left from before a reconnect as not yet known, so our own arrival is no join', () => {
    const detector = new JoinDetector()
    expect(feed(detector, '0:bash* ⟦mates:0⟧')).toEqual([])
    expect(detector.mates).toBeNull()
    expect(feed(detector, '0:bash* ⟦mates:1⟧')).toEqual([{ kind: 'count', mates: 1 }])
  })

  it('reports detection unavailable for ?, and never a count', () => {
    const detector = new JoinDetector()
    expect(feed(detector, '0:bash* ⟦mates:?⟧')).toEqual([
      { kind: 'detection_unavailable', reason: 'no_count', detail: UNAVAILABLE_DETAIL.no_count },
    ])
    expect(feed(detector, '0:bash* ⟦mates:?⟧', 'running', 60_000)).toEqual([])
    expect(detector.mates).toBeNull()
  })

  it('forgets a known count when it turns to ?, and compares with it when one comes back', () => {
    const detector = new JoinDetector()
    feed(detector, '0:bash* ⟦mates:1⟧')
    expect(kinds(feed(detector, '0:bash* ⟦mates:?⟧'))).toEqual(['count', 'detection_unavailable'])
    expect(detector.mates).toBeNull()
    expect(feed(detector, '0:bash* ⟦mates:2⟧')).toEqual([
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
    expect(kinds(feed(detector, SCREENS.marker1, 'running', 91_000))).toEqual(['count'])
  })

  it('reports the guard off or unavailable in its own words, and ignores a marker once it is off', () => {
    const detector = new JoinDetector()
    feed(detector, SCREENS.marker1)
    expect(feed(detector, SCREENS.marker1, 'off', 1, 'The session guard was stopped.')).toEqual([
      { kind: 'count', mates: null },
      { kind: 'detection_unavailable', reason: 'guard_off', detail: 'The session guard was stopped.' },
    ])
    expect(feed(detector, SCREENS.marker2_smaller, 'off', 2)).toEqual([{ kind: 'smaller_client', width: 60, height: 19, mates: null }])
    expect(detector.mates).toBeNull()

    const readOnly = new JoinDetector()
    expect(feed(readOnly, SCREENS.idle, 'unavailable', 0, 'This connection is read-only.')).toEqual([
      { kind: 'detection_unavailable', reason: 'guard_unavailable', detail: 'This connection is read-only.' },
    ])
    expect(feed(readOnly, SCREENS.idle, 'unavailable', 1, 'This connection is read-only.')).toEqual([])
  })

  it('reports the marker gone only once it has stayed away, not for a message or a redraw', () => {
    const detector = new JoinDetector({ markerGoneMs: 2000 })
    feed(detector, SCREENS.marker1, 'running', 0)
    expect(feed(detector, SCREENS.message, 'running', 5000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 6000)).toEqual([])
    expect(feed(detector, SCREENS.marker1, 'running', 7000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 8000)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 9999)).toEqual([])
    expect(feed(detector, SCREENS.idle, 'running', 10_000)).toEqual([
      { kind: 'count', mates: null },
      { kind: 'detection_unavailable', reason: 'marker_gone', detail: UNAVAILABLE_DETAIL.marker_gone },
    ])
  })

  it('reports a smaller client once per size, also before any count', () => {
    const detector = new JoinDetector()
    const filler = screenText(SCREENS.marker2_smaller)
    const input = { statusRow: '0:bash*', screen: filler, guard: 'waiting_for_prompt' as const, now: 0 }
    expect(detector.update(input)).toEqual([{ kind: 'smaller_client', width: 60, height: 19, mates: null }])
    expect(detector.update(input)).toEqual([])
    expect(detector.update({ ...input, screen: screenText(SCREENS.idle) })).toEqual([])
    expect(detector.update({ ...input, screen: filler.replace('size 60x19', 'size 50x19') })).toEqual([
      { kind: 'smaller_client', width: 50, height: 19, mates: null },
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
})
