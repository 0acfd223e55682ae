import { describe, expect, it } from 'vitest'
import { detectionHeadline, detectionWords } from '@shared/detection'
import { DETECTION_DETAIL, detectionState, type DetectionInput } from '../../electron/core/alerts/detection-state'
import { UNAVAILABLE_DETAIL } from '../../electron/core/alerts/detector'
import { GUARD_DETAIL } from '../../electron/core/alerts/guard'

const base: DetectionInput = {
  ended: false,
  turnedOff: false,
  guard: { state: 'waiting_for_prompt', detail: GUARD_DETAIL.waiting('reading the screen') },
  confirming: false,
  mates: null,
  unavailable: undefined,
}

function state(change: Partial<DetectionInput>) {
  const detection = detectionState({ ...base, ...change })
  return { state: detection.state, words: detectionWords(detection), headline: detectionHeadline(detection), detail: detection.detail }
}

describe('join detection as one state', () => {
  it('starting: waiting for a prompt, then typed and waiting for the answer', () => {
    expect(state({})).toMatchObject({ state: 'starting', words: 'join detection starting', headline: 'Join detection starts at the next idle shell prompt' })
    expect(state({ guard: { state: 'starting', detail: GUARD_DETAIL.typed } })).toMatchObject({
      state: 'starting',
      words: 'join detection starting',
      headline: 'Starting join detection…',
      detail: GUARD_DETAIL.typed,
    })
  })

  it('on only with a count of its own from a guard that runs', () => {
    expect(state({ guard: { state: 'running', detail: GUARD_DETAIL.running }, mates: 2 })).toEqual({
      state: 'on',
      words: 'join detection on (2 connected)',
      headline: 'Join detection is on · 2 connected, you included',
      detail: GUARD_DETAIL.running,
    })
    // Running but no count read yet, or only the loop of an earlier connection seen: not on yet.
    expect(state({ guard: { state: 'running', detail: GUARD_DETAIL.running } })).toMatchObject({ state: 'starting', words: 'join detection starting' })
    expect(state({ guard: { state: 'running', detail: GUARD_DETAIL.confirming }, mates: 1, confirming: true })).toMatchObject({ state: 'starting' })
  })

  it('unavailable, never on, while the loop runs with no count (a server without tmate-websocket)', () => {
    const noCount = { reason: 'no_count' as const, detail: UNAVAILABLE_DETAIL.no_count }
    expect(state({ guard: { state: 'running', detail: GUARD_DETAIL.runningNoCount }, unavailable: noCount })).toEqual({
      state: 'unavailable',
      words: 'join detection unavailable',
      headline: 'Join detection is unavailable',
      detail: GUARD_DETAIL.runningNoCount,
    })
    // Before the guard has seen its own marker, the detector's words.
    expect(state({ guard: { state: 'starting', detail: GUARD_DETAIL.typed }, unavailable: noCount })).toMatchObject({
      state: 'unavailable',
      detail: UNAVAILABLE_DETAIL.no_count,
    })
  })

  it('unavailable on a read-only connection, in the guard’s words, whatever count is on the row', () => {
    expect(state({ guard: { state: 'unavailable', detail: GUARD_DETAIL.readOnly }, mates: 3 })).toEqual({
      state: 'unavailable',
      words: 'join detection unavailable',
      headline: 'Join detection is unavailable',
      detail: GUARD_DETAIL.readOnly,
    })
  })

  it('a count that comes back after unavailable turns it on again', () => {
    expect(state({ guard: { state: 'running', detail: GUARD_DETAIL.running }, mates: 1, unavailable: undefined })).toMatchObject({ state: 'on' })
  })

  it('off when the user turned it off, whatever the guard or the row still say', () => {
    expect(
      state({ turnedOff: true, guard: { state: 'running', detail: GUARD_DETAIL.running }, mates: 1, unavailable: { reason: 'guard_off', detail: '' } }),
    ).toEqual({ state: 'off', words: 'join detection off', headline: 'Join detection is off', detail: DETECTION_DETAIL.off })
    expect(state({ guard: { state: 'off', detail: GUARD_DETAIL.disabled } })).toMatchObject({ state: 'off', detail: GUARD_DETAIL.disabled })
  })

  it('ended once the connection is over, from any state', () => {
    for (const change of [{}, { guard: { state: 'running' as const, detail: GUARD_DETAIL.running }, mates: 2 }, { turnedOff: true }]) {
      expect(state({ ...change, ended: true })).toEqual({ state: 'ended', words: 'join detection stopped', headline: 'Join detection stopped', detail: DETECTION_DETAIL.ended })
    }
  })
})
