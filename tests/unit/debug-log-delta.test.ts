import { describe, expect, it } from 'vitest'
import { logDelta } from '../../electron/core/debug/log-delta'
import { duration, stuckMessage } from '../../electron/core/debug/messages'

const E = '\x1b'

describe('log panel updates', () => {
  it('appends what a growing log added, ANSI, \\r and fold markers untouched', () => {
    const shown = `travis_fold:start:worker_info\r${E}[0K${E}[33;1mWorker information${E}[0m\r\n`
    const latest = `${shown}${E}[33;1mDebug build initiated by alice${E}[0m\r\n`
    expect(logDelta(shown, latest)).toEqual({ kind: 'append', text: `${E}[33;1mDebug build initiated by alice${E}[0m\r\n` })
  })

  it('sends nothing when nothing changed', () => {
    expect(logDelta('abc', 'abc')).toEqual({ kind: 'none' })
    expect(logDelta('', '')).toEqual({ kind: 'none' })
  })

  it('replaces the panel when the log was cleared or rewritten', () => {
    expect(logDelta('old run\r\n', '')).toEqual({ kind: 'reset', text: '' })
    expect(logDelta('part 1\npart 3\n', 'part 1\npart 2\npart 3\n')).toEqual({ kind: 'reset', text: 'part 1\npart 2\npart 3\n' })
    expect(logDelta('whole log\n', 'Log removed by Alice at 2025-11-03 09:00:00 UTC')).toEqual({
      kind: 'reset',
      text: 'Log removed by Alice at 2025-11-03 09:00:00 UTC',
    })
  })

  it('a first reading is an append to the empty panel', () => {
    expect(logDelta('', 'line\n')).toEqual({ kind: 'append', text: 'line\n' })
  })
})

describe('waiting notes', () => {
  it('says durations the way a person would', () => {
    expect([300, 1_000, 15_000, 59_000, 60_000, 3 * 60_000, 150_000].map(duration)).toEqual(['1 s', '1 s', '15 s', '59 s', '1 min', '3 min', '3 min'])
    expect(stuckMessage(3 * 60_000)).toBe('Still queued after 3 min; Travis may be busy. Keep waiting or cancel.')
  })
})
