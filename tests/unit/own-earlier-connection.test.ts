import { describe, expect, it } from 'vitest'
import { JoinDetector, type DetectionEvent } from '../../electron/core/alerts/detector'
import { DEFAULT_RECONNECT } from '../../electron/core/sessions/reconnect'
import { backoffDelay } from '../../electron/core/timing'

/**
 * After a reconnect the host may still count Shipmate's own old connection (a server that stopped
 * answering notices its client is gone only at its own timeout): that one is no intruder, anyone
 * beyond it is.
 */

/** The loop's tag from before the reconnect, and the tag the guard typed on the new connection. */
const OLD = 'old111'
const NEW = 'new222'
const row = (mates: number, tag: string) => `0:bash* ⟦mates:${mates}@${tag}⟧`
const kinds = (events: DetectionEvent[]) => events.map((event) => event.kind)

function reconnected(ownEarlier: number, ownEarlierMaxMs?: number): { read: (mates: number, tag?: string, now?: number) => string[] } {
  const detector = new JoinDetector({ firstConnect: false, ownEarlier, ...(ownEarlierMaxMs === undefined ? {} : { ownEarlierMaxMs }) })
  return {
    read: (mates, tag = NEW, now = 0) =>
      kinds(
        detector.update({
          statusRow: row(mates, tag),
          screen: row(mates, tag),
          guard: 'running',
          now,
          ownTag: (each) => each === OLD || each === NEW,
          typed: true,
          currentTag: NEW,
        }),
      ),
  }
}

describe("Shipmate's own earlier connection after a reconnect", () => {
  it('is accounted for when this connection first reads it, and its going is no leave', () => {
    const watch = reconnected(1)
    expect(watch.read(2)).toEqual(['previous_connection', 'count'])
    expect(watch.read(1)).toEqual(['previous_connection', 'count'])
  })

  it('waits for its own reading when the old loop shows the rise first', () => {
    const watch = reconnected(1)
    expect(watch.read(1, OLD)).toEqual(['count'])
    expect(watch.read(2, OLD, 300)).toEqual(['count'])
    expect(watch.read(2, NEW, 600)).toEqual(['previous_connection'])
  })

  it('explains one client only: one more at connect, or joining later, is someone else', () => {
    expect(reconnected(1).read(3)).toEqual(['previous_connection', 'present_at_connect', 'count'])
    const watch = reconnected(1)
    expect(watch.read(2)).toEqual(['previous_connection', 'count'])
    expect(watch.read(3)).toEqual(['joined', 'count'])
  })

  it('explains nothing when its own reading finds the old connection gone: a join after that is someone', () => {
    const watch = reconnected(1)
    expect(watch.read(1, OLD)).toEqual(['count'])
    expect(watch.read(1, NEW, 300)).toEqual([])
    expect(watch.read(2, NEW, 600)).toEqual(['joined', 'count'])
  })

  it('reports a rise it held as a join when no reading of its own comes in the connect phase', () => {
    const watch = reconnected(1)
    expect(watch.read(1, OLD, 0)).toEqual(['count'])
    expect(watch.read(2, OLD, 100)).toEqual(['count'])
    expect(watch.read(2, OLD, 15_000)).toEqual(['joined'])
    expect(reconnected(0).read(2)).toEqual(['present_at_connect', 'count'])
  })
})

describe('an old connection that never goes', () => {
  it('counts as someone else once any server would have dropped it', () => {
    const watch = reconnected(1, 60_000)
    expect(watch.read(2, NEW, 0)).toEqual(['previous_connection', 'count'])
    expect(watch.read(2, NEW, 59_000)).toEqual([])
    expect(watch.read(2, NEW, 60_000)).toEqual(['joined'])
    expect(watch.read(1, NEW, 61_000)).toEqual(['left', 'count'])
  })
})

describe('reconnect backoff', () => {
  it('never waits more than a few seconds between tries', () => {
    for (let attempt = 1; attempt <= DEFAULT_RECONNECT.maxTries; attempt++) {
      expect(backoffDelay(attempt, DEFAULT_RECONNECT, () => 1)).toBeLessThanOrEqual(4000)
    }
  })
})
