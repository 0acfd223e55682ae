import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MAX_INPUT_CHARS } from '@shared/wire'
import { InputQueue } from '../../renderer/src/features/terminal/input-queue'

/** The core's side of `sessions.input`: records each request and answers only when told to. */
class Transport {
  readonly sent: string[] = []
  inFlight = 0
  maxInFlight = 0
  private readonly replies: Array<{ ok: () => void; fail: (error: Error) => void }> = []

  send = (data: string): Promise<void> => {
    this.sent.push(data)
    this.inFlight += 1
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    return new Promise((resolve, reject) => {
      this.replies.push({
        ok: () => {
          this.inFlight -= 1
          resolve()
        },
        fail: (error) => {
          this.inFlight -= 1
          reject(error)
        },
      })
    })
  }

  /** Answers the request on its way and lets the queue act on the answer. */
  async reply(outcome: 'ok' | 'fail' = 'ok'): Promise<void> {
    const next = this.replies.shift()
    if (next === undefined) throw new Error('no request is waiting for a reply')
    if (outcome === 'ok') next.ok()
    else next.fail(new Error('Unknown session.'))
    await settle()
  }

  /** Answers every request until the queue has nothing left. */
  async replyAll(): Promise<void> {
    while (this.replies.length > 0) await this.reply()
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff

describe('input queue', () => {
  test('a 10 MB paste goes out in pieces of at most MAX_INPUT_CHARS, one request at a time, in order', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, MAX_INPUT_CHARS)
    const paste = 'x'.repeat(10 * 1024 * 1024 - 3) + 'end'
    queue.push(paste)
    await settle()
    expect(transport.sent).toHaveLength(1)
    await transport.replyAll()
    expect(transport.maxInFlight).toBe(1)
    expect(transport.sent.every((piece) => piece.length <= MAX_INPUT_CHARS)).toBe(true)
    expect(transport.sent).toHaveLength(Math.ceil(paste.length / MAX_INPUT_CHARS))
    expect(transport.sent.join('')).toBe(paste)
  })

  test('keys typed during a paste follow it, together and in order', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, 8)
    queue.push('0123456789abcdef')
    queue.push('l')
    queue.push('s')
    queue.push('\r')
    await settle()
    expect(transport.sent).toEqual(['01234567'])
    await transport.replyAll()
    expect(transport.sent).toEqual(['01234567', '89abcdef', 'ls\r'])
  })

  test('a key with nothing on its way goes out at once', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, MAX_INPUT_CHARS)
    queue.push('a')
    await settle()
    expect(transport.sent).toEqual(['a'])
  })

  test('a piece never ends between the halves of a surrogate pair', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, 4)
    // 'abc' + 😀 (two UTF-16 units): the first piece would cut the emoji in half at 4.
    queue.push('abc😀def')
    await transport.replyAll()
    expect(transport.sent).toEqual(['abc', '😀de', 'f'])
  })

  test('any input arrives whole, in order, in valid pieces no longer than the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 12 }), fc.integer({ min: 2, max: 9 }), async (inputs, max) => {
        const transport = new Transport()
        const queue = new InputQueue(transport.send, max)
        for (const input of inputs) queue.push(input)
        await settle()
        await transport.replyAll()
        expect(transport.sent.join('')).toBe(inputs.join(''))
        expect(transport.maxInFlight).toBeLessThanOrEqual(1)
        for (const piece of transport.sent) {
          expect(piece.length).toBeGreaterThan(0)
          expect(piece.length).toBeLessThanOrEqual(max)
          expect(isHigh(piece.charCodeAt(piece.length - 1))).toBe(false)
          expect(isLow(piece.charCodeAt(0))).toBe(false)
        }
      }),
    )
  })

  test('with two in flight, the next piece is on its way while the one before is sent; in order, never more than two', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, MAX_INPUT_CHARS, 2)
    const paste = 'y'.repeat(5 * MAX_INPUT_CHARS - 2) + 'end'
    queue.push(paste)
    await settle()
    expect(transport.sent).toHaveLength(2)
    queue.push('\r')
    await transport.replyAll()
    expect(transport.maxInFlight).toBe(2)
    expect(transport.sent.join('')).toBe(`${paste}\r`)
    expect(transport.sent.every((piece) => piece.length <= MAX_INPUT_CHARS)).toBe(true)
  })

  test('with two in flight, a failed request drops what has not gone out yet', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, 4, 2)
    queue.push('echo one; echo two\r')
    await settle()
    expect(transport.sent).toEqual(['echo', ' one'])
    await transport.reply('fail')
    await transport.replyAll()
    expect(transport.sent).toEqual(['echo', ' one'])
  })

  test('a failed request drops the rest of what waits; later keys go out again', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, 4)
    queue.push('echo one; echo two')
    queue.push('\r')
    await transport.reply('fail')
    expect(transport.sent).toEqual(['echo'])
    queue.push('q')
    await transport.replyAll()
    expect(transport.sent).toEqual(['echo', 'q'])
  })

  test('nothing goes out after dispose', async () => {
    const transport = new Transport()
    const queue = new InputQueue(transport.send, 4)
    queue.push('abcdefgh')
    await settle()
    queue.dispose()
    queue.push('more')
    await transport.replyAll()
    expect(transport.sent).toEqual(['abcd'])
  })
})
