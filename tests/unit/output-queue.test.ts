import { describe, expect, test } from 'vitest'
import { OutputQueue } from '../../renderer/src/features/terminal/output-queue'

/** A parser that parses only when told, as xterm.js does between frames. */
function setup(aheadBytes = 10) {
  const handed: { data: string; parsed: () => void }[] = []
  const done: number[] = []
  const queue = new OutputQueue((data, parsed) => handed.push({ data, parsed }), (bytes) => done.push(bytes), aheadBytes)
  const parseNext = () => {
    const next = handed.shift()
    if (!next) throw new Error('nothing handed to the parser')
    next.parsed()
    return next.data
  }
  return { queue, handed, done, parseNext }
}

describe('OutputQueue', () => {
  test('hands the parser no more than its share ahead, and the rest in order as it parses', () => {
    const { queue, handed, done, parseNext } = setup(10)
    queue.push({ data: 'aaaaaa', bytes: 6 })
    queue.push({ data: 'bbbbbb', bytes: 6 })
    queue.push({ data: 'cccccc', bytes: 6 })
    expect(handed.map((chunk) => chunk.data)).toEqual(['aaaaaa', 'bbbbbb'])
    expect(queue.waitingBytes).toBe(6)
    const parsed = [parseNext(), parseNext(), parseNext()]
    expect(parsed).toEqual(['aaaaaa', 'bbbbbb', 'cccccc'])
    expect(done).toEqual([6, 6, 6])
  })

  test('a chunk larger than the share still goes when the parser is idle', () => {
    const { queue, handed } = setup(10)
    queue.push({ data: 'x'.repeat(40), bytes: 40 })
    expect(handed).toHaveLength(1)
  })

  test('a restart drops what waits, counts it as done, and keeps what the parser already has', () => {
    const { queue, handed, done, parseNext } = setup(10)
    queue.push({ data: 'flood1', bytes: 6 })
    queue.push({ data: 'flood2', bytes: 6 })
    queue.push({ data: 'flood3', bytes: 6 })
    queue.push({ data: 'flood4', bytes: 6 })
    queue.push({ data: 'SCREEN', bytes: 6 }, true)
    expect(done).toEqual([12])
    expect([parseNext(), parseNext(), parseNext()]).toEqual(['flood1', 'flood2', 'SCREEN'])
    expect(handed).toHaveLength(0)
    expect(done.reduce((sum, bytes) => sum + bytes, 0)).toBe(30)
  })

  test('without a restart nothing is dropped', () => {
    const { queue, done, parseNext } = setup(4)
    const sent = Array.from({ length: 50 }, (_, index) => `chunk${index}`)
    for (const data of sent) queue.push({ data, bytes: data.length })
    const parsed: string[] = []
    while (parsed.length < sent.length) parsed.push(parseNext())
    expect(parsed).toEqual(sent)
    expect(done.reduce((sum, bytes) => sum + bytes, 0)).toBe(sent.join('').length)
  })
})
