import { describe, expect, it } from 'vitest'
import { JoinDetector, type DetectionEvent, type DetectorInput } from '../../electron/core/alerts/detector'
import { timelineEntry } from '../../electron/core/alerts/timeline-entry'
import type { GuardState } from '../../electron/core/alerts/guard'
import { SCREENS, screenText } from '../support/guard-screens'

/**
 * Where the host gives no count, a smaller client's window is the one sign of another person a
 * viewer can see: on a detached host (Travis, action-tmate) every other client is someone else.
 */

const OWN = 'own123'
const ownTag = (tag: string | undefined) => tag === OWN

const SMALLER = screenText(SCREENS.marker2_smaller)
const PLAIN = screenText(SCREENS.idle)

function feed(detector: JoinDetector, row: string, screen: string, now: number, guard: GuardState = 'running', extra: Partial<DetectorInput> = {}): DetectionEvent[] {
  return detector.update({ statusRow: row, screen, guard, now, ownTag, typed: true, ...extra })
}

const kinds = (events: DetectionEvent[]) => events.map((event) => event.kind)
const noCountRow = `0:bash* ⟦mates:?@${OWN}⟧`

describe('a smaller client where the count is unavailable', () => {
  it('is a possible join, and its window going away a possible leave, once it has stayed away', () => {
    const detector = new JoinDetector({ smallerGoneMs: 1500 })
    expect(kinds(feed(detector, noCountRow, PLAIN, 0))).toEqual(['detection_unavailable'])
    expect(feed(detector, noCountRow, SMALLER, 20_000)).toEqual([{ kind: 'possible_join', width: 60, height: 19, reason: 'no_count' }])
    // The same window seen again, or redrawn without its filler for a moment, is the same person.
    expect(feed(detector, noCountRow, SMALLER, 20_100)).toEqual([])
    expect(feed(detector, noCountRow, PLAIN, 20_200)).toEqual([])
    expect(feed(detector, noCountRow, SMALLER, 20_300)).toEqual([])
    expect(feed(detector, noCountRow, PLAIN, 21_000)).toEqual([])
    expect(detector.nextCheckAt()).toBe(22_500)
    expect(feed(detector, noCountRow, PLAIN, 22_499)).toEqual([])
    expect(feed(detector, noCountRow, PLAIN, 22_500)).toEqual([{ kind: 'possible_leave', reason: 'no_count' }])
    expect(feed(detector, noCountRow, PLAIN, 30_000)).toEqual([])
    expect(kinds(feed(detector, noCountRow, SMALLER, 31_000))).toEqual(['possible_join'])
    expect(detector.mates).toBeNull()
  })

  it('a smaller client already there at connect becomes a possible join once the host turns out to give no count', () => {
    const detector = new JoinDetector()
    expect(kinds(feed(detector, '0:bash*', SMALLER, 0, 'waiting_for_prompt'))).toEqual(['early_sign'])
    expect(kinds(feed(detector, noCountRow, SMALLER, 1000))).toEqual(['detection_unavailable', 'possible_join'])
  })

  it('on a read-only connection too, with the reason it has no count', () => {
    const detector = new JoinDetector()
    expect(kinds(feed(detector, '0:bash*', PLAIN, 0, 'unavailable', { typed: false }))).toEqual(['detection_unavailable'])
    expect(feed(detector, '0:bash*', SMALLER, 1000, 'unavailable', { typed: false })).toEqual([
      { kind: 'possible_join', width: 60, height: 19, reason: 'guard_unavailable' },
    ])
  })

  it('where the count is known, a smaller client stays a timeline note and never a possible join', () => {
    const detector = new JoinDetector()
    feed(detector, `0:bash* ⟦mates:1@${OWN}⟧`, PLAIN, 0)
    expect(kinds(feed(detector, `0:bash* ⟦mates:2@${OWN}⟧`, SMALLER, 20_000))).toEqual(['joined', 'count', 'smaller_client'])
  })

  it('not while the user has turned join detection off', () => {
    const detector = new JoinDetector()
    feed(detector, noCountRow, PLAIN, 0)
    const events = feed(detector, noCountRow, SMALLER, 20_000, 'off')
    expect(kinds(events)).not.toContain('possible_join')
  })

  it('has timeline words that say what is known and what is not, with no count claimed', () => {
    const at = new Date(0)
    expect(timelineEntry('s', { kind: 'possible_join', width: 60, height: 19, reason: 'no_count' }, at)).toEqual({
      sessionId: 's',
      at: at.toISOString(),
      kind: 'possible_join',
      mates: null,
      detail: 'Someone with a smaller window (60x19) is connected; this server cannot count clients.',
    })
    expect(timelineEntry('s', { kind: 'possible_leave', reason: 'no_count' }, at)).toMatchObject({
      kind: 'possible_leave',
      mates: null,
      detail: 'The smaller window is gone: whoever had it left or enlarged it; this server cannot count clients.',
    })
    expect(timelineEntry('s', { kind: 'possible_join', width: 60, height: 19, reason: 'guard_unavailable' }, at)?.detail).toBe(
      'Someone with a smaller window (60x19) is connected; Shipmate cannot count clients on this connection.',
    )
  })
})

describe('a smaller client where the count is known', () => {
  it('is one timeline entry however often tmate redraws the screen without its size text', () => {
    const detector = new JoinDetector()
    feed(detector, `0:bash* ⟦mates:1@${OWN}⟧`, PLAIN, 0)
    const row = `0:bash* ⟦mates:2@${OWN}⟧`
    const events: DetectionEvent[] = []
    for (let t = 20_000; t < 21_000; t += 100) events.push(...feed(detector, row, t % 200 === 0 ? SMALLER : PLAIN, t))
    expect(events.filter((event) => event.kind === 'smaller_client')).toEqual([{ kind: 'smaller_client', width: 60, height: 19, mates: 2 }])
  })
})
