import { describe, expect, it } from 'vitest'
import type { TimelineEvent } from '@shared/api'
import { coalesceRepeats } from '../../renderer/src/features/alerts/timeline-repeats'

const event = (at: string, kind: TimelineEvent['kind'], mates: number | null, detail?: string): TimelineEvent => ({
  sessionId: 's',
  at: `2026-12-04T05:00:0${at}Z`,
  kind,
  mates,
  ...(detail !== undefined && { detail }),
})

describe('timeline repeats', () => {
  it('folds consecutive identical entries into one with a count, keeping the first and last time', () => {
    const smaller = (at: string) => event(at, 'smaller_client', 2, 'A smaller client (66x23) is connected')
    const rows = coalesceRepeats([event('0', 'connected', 1), smaller('1'), smaller('2'), smaller('3'), smaller('4'), smaller('5'), event('6', 'left', 1)])
    expect(rows.map((row) => [row.event.kind, row.count])).toEqual([
      ['connected', 1],
      ['smaller_client', 5],
      ['left', 1],
    ])
    expect(rows[1]).toMatchObject({ event: { at: '2026-12-04T05:00:01Z' }, lastAt: '2026-12-04T05:00:05Z' })
  })

  it('keeps entries apart when anything differs or something came between', () => {
    const rows = coalesceRepeats([
      event('0', 'joined', 2),
      event('1', 'joined', 3),
      event('2', 'early_sign', null, 'one'),
      event('3', 'early_sign', null, 'two'),
      event('4', 'alert', 2),
      event('5', 'early_sign', null, 'two'),
    ])
    expect(rows.map((row) => row.count)).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('leaves the stored list alone', () => {
    const events = [event('0', 'left', 1), event('1', 'left', 1)]
    coalesceRepeats(events)
    expect(events).toHaveLength(2)
  })
})
