import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TimelineEvent } from '@shared/types/sessions'
import { UNAVAILABLE_DETAIL } from '../../electron/core/alerts/detector'
import { timelineEntry } from '../../electron/core/alerts/timeline-entry'
import { TIMELINE_FILE, TimelineStore } from '../../electron/core/alerts/timeline-store'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipmate-timeline-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const event = (sessionId: string, kind: TimelineEvent['kind'], mates: number | null, detail?: string): TimelineEvent => ({
  sessionId,
  at: '2026-11-28T01:02:03.000Z',
  kind,
  mates,
  ...(detail === undefined ? {} : { detail }),
})

describe('the timeline store', () => {
  it('appends one JSON line per event and reads each session back in order', async () => {
    const store = new TimelineStore(dir)
    const a1 = event('a', 'connected', null)
    const b1 = event('b', 'joined', 2, '2 clients connected, 1 before.')
    const a2 = event('a', 'present_at_connect', 3)
    await Promise.all([store.append(a1), store.append(b1), store.append(a2)])

    const lines = (await readFile(join(dir, TIMELINE_FILE), 'utf8')).split('\n')
    expect(lines).toEqual([JSON.stringify(a1), JSON.stringify(b1), JSON.stringify(a2), ''])
    expect(await store.read('a')).toEqual({ events: [a1, a2], skipped: 0 })
    expect(await new TimelineStore(dir).read('b')).toEqual({ events: [b1], skipped: 0 })
    expect(await store.read('nobody')).toEqual({ events: [], skipped: 0 })
  })

  it('reads an empty timeline when the file does not exist yet', async () => {
    expect(await new TimelineStore(join(dir, 'not-yet')).read('a')).toEqual({ events: [], skipped: 0 })
  })

  it('keeps the file private to the user', async () => {
    const store = new TimelineStore(join(dir, 'data'))
    await store.append(event('a', 'connected', null))
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
  })

  it('skips and counts damaged lines instead of failing', async () => {
    const good = event('a', 'left', 1)
    const path = join(dir, TIMELINE_FILE)
    await writeFile(
      path,
      [
        '{"sessionId":"a","at":"x","kind":"joined","mat',
        JSON.stringify(good),
        'not json at all',
        JSON.stringify({ ...good, kind: 'exploded' }),
        JSON.stringify({ ...good, mates: 'two' }),
        JSON.stringify({ ...good, mates: -1 }),
        JSON.stringify({ ...good, detail: 5 }),
        '[1,2,3]',
        'null',
        '',
        '   ',
      ].join('\n'),
    )
    expect(await new TimelineStore(dir).read('a')).toEqual({ events: [good], skipped: 8 })
  })

  it('starts a fresh line after a line cut short by a crash, so the next entry survives', async () => {
    const store = new TimelineStore(dir)
    const before = event('a', 'connected', null)
    const after = event('a', 'joined', 2)
    await store.append(before)
    await appendFile(store.path, '{"sessionId":"a","at":"2026-11-28T01:02:04.000Z","ki')
    await store.append(after)
    expect(await store.read('a')).toEqual({ events: [before, after], skipped: 1 })
  })

  it('lets later appends through after one fails', async () => {
    const store = new TimelineStore(join(dir, 'blocked'))
    // A file where the data dir should be makes the first append fail.
    await writeFile(join(dir, 'blocked'), '')
    await expect(store.append(event('a', 'connected', null))).rejects.toThrow()
    await rm(join(dir, 'blocked'))
    await store.append(event('a', 'ended', null))
    expect((await store.read('a')).events.map((e) => e.kind)).toEqual(['ended'])
  })
})

describe('timeline entries for detection events', () => {
  const at = new Date('2026-11-28T01:02:03.000Z')

  it('keeps joins, leaves, presence, lost detection and smaller clients; not bare count updates', () => {
    expect(timelineEntry('s', { kind: 'joined', mates: 2, previous: 1 }, at)).toEqual(event('s', 'joined', 2, '2 clients connected, 1 before.'))
    expect(timelineEntry('s', { kind: 'left', mates: 1, previous: 2 }, at)).toEqual(event('s', 'left', 1, '1 client connected, 2 before.'))
    expect(timelineEntry('s', { kind: 'present_at_connect', mates: 2 }, at)).toMatchObject({ kind: 'present_at_connect', mates: 2 })
    expect(timelineEntry('s', { kind: 'detection_unavailable', reason: 'no_count', detail: UNAVAILABLE_DETAIL.no_count }, at)).toEqual(
      event('s', 'detection_unavailable', null, UNAVAILABLE_DETAIL.no_count),
    )
    expect(timelineEntry('s', { kind: 'smaller_client', width: 80, height: 23, mates: 2 }, at)).toMatchObject({
      kind: 'smaller_client',
      mates: 2,
      detail: expect.stringContaining('80x23'),
    })
    expect(timelineEntry('s', { kind: 'count', mates: 2 }, at)).toBeUndefined()
  })

  it('keeps disputes of the count and early signs in the detector’s own words', () => {
    const detail = 'The count on the status row (1) was set by someone else; someone may have been in this session before you.'
    expect(timelineEntry('s', { kind: 'count_disputed', reason: 'lower_claim', claimed: 1, own: 2, mates: 2, detail }, at)).toEqual(
      event('s', 'count_disputed', 2, detail),
    )
    const sign = '2 windows were open when you first connected; a fresh debug VM starts with one.'
    expect(timelineEntry('s', { kind: 'early_sign', sign: 'windows', mates: null, detail: sign }, at)).toEqual(event('s', 'early_sign', null, sign))
  })

  it('stores and reads them back like any other entry', async () => {
    const store = new TimelineStore(dir)
    const entries = [event('a', 'early_sign', null, 'A count (1) was already on the status row.'), event('a', 'count_disputed', 2, 'set by someone else')]
    for (const entry of entries) await store.append(entry)
    expect(await store.read('a')).toEqual({ events: entries, skipped: 0 })
  })
})
