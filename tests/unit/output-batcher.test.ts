import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { OutputBatcher } from '../../electron/core/sessions/output-batcher'

const FLUSH_MS = 5

function batcher(maxBytes = 64 * 1024): { batcher: OutputBatcher; sent: { data: string; bytes: number }[] } {
  const sent: { data: string; bytes: number }[] = []
  return { batcher: new OutputBatcher((data, bytes) => sent.push({ data, bytes }), { flushMs: FLUSH_MS, maxBytes }), sent }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('OutputBatcher', () => {
  test('an echo after a quiet spell goes at once, without waiting for a timer', () => {
    const { batcher: output, sent } = batcher()
    output.push('l', 1)
    expect(sent).toEqual([{ data: 'l', bytes: 1 }])
  })

  test('output that follows within the batch time is joined and sent one batch time later', () => {
    const { batcher: output, sent } = batcher()
    output.push('first ', 6)
    output.push('sec', 3)
    output.push('ond', 3)
    expect(sent).toEqual([{ data: 'first ', bytes: 6 }])
    vi.advanceTimersByTime(FLUSH_MS - 1)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([
      { data: 'first ', bytes: 6 },
      { data: 'second', bytes: 6 },
    ])
  })

  test('a flood is sent at most once per batch time, in order, nothing lost', () => {
    const { batcher: output, sent } = batcher()
    const lines = Array.from({ length: 200 }, (_, index) => `line ${index}\r\n`)
    for (const line of lines) {
      output.push(line, line.length)
      vi.advanceTimersByTime(0.5)
    }
    vi.advanceTimersByTime(FLUSH_MS)
    // 100 ms of output: the first chunk at once, then one batch per 5 ms.
    expect(sent.length).toBeLessThanOrEqual(1 + 100 / FLUSH_MS + 1)
    expect(sent.map((message) => message.data).join('')).toBe(lines.join(''))
    expect(sent.reduce((sum, message) => sum + message.bytes, 0)).toBe(lines.join('').length)
  })

  test('after the output stops for a batch time, the next output goes at once again', () => {
    const { batcher: output, sent } = batcher()
    output.push('a', 1)
    output.push('b', 1)
    vi.advanceTimersByTime(FLUSH_MS)
    expect(sent.map((message) => message.data)).toEqual(['a', 'b'])
    // A batch was sent at 5 ms: the spell lasts until a batch time passes with nothing held.
    vi.advanceTimersByTime(FLUSH_MS)
    output.push('c', 1)
    expect(sent.map((message) => message.data)).toEqual(['a', 'b', 'c'])
  })

  test('a batch that reaches the size limit goes without waiting for the timer', () => {
    const { batcher: output, sent } = batcher(10)
    output.push('start', 5)
    output.push('12345', 5)
    output.push('67890', 5)
    expect(sent.map((message) => message.data)).toEqual(['start', '1234567890'])
  })

  test('flush sends what is held; dispose drops it and stops the timer', () => {
    const { batcher: output, sent } = batcher()
    output.push('a', 1)
    output.push('b', 1)
    output.flush()
    expect(sent.map((message) => message.data)).toEqual(['a', 'b'])
    output.push('c', 1)
    output.dispose()
    vi.advanceTimersByTime(FLUSH_MS * 2)
    expect(sent.map((message) => message.data)).toEqual(['a', 'b'])
    expect(vi.getTimerCount()).toBe(0)
  })

  test('empty text is not sent', () => {
    const { batcher: output, sent } = batcher()
    output.push('', 0)
    vi.advanceTimersByTime(FLUSH_MS)
    expect(sent).toEqual([])
  })
})
