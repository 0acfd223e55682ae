import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { EchoWait } from '../../electron/core/sessions/echo-wait'

const LIMIT_MS = 20

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

/** Whether `promise` has settled by now (after the microtasks already due). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => {
    done = true
  })
  await vi.advanceTimersByTimeAsync(0)
  return done
}

describe('EchoWait', () => {
  test('a wait ends with the next output sent, not before', async () => {
    const echoes = new EchoWait(LIMIT_MS)
    const wait = echoes.next()
    expect(await settled(wait)).toBe(false)
    echoes.outputSent()
    expect(await settled(wait)).toBe(true)
    expect(echoes.waiting).toBe(0)
  })

  test('without output a wait ends after the limit, and leaves nothing behind', async () => {
    const echoes = new EchoWait(LIMIT_MS)
    const wait = echoes.next()
    await vi.advanceTimersByTimeAsync(LIMIT_MS - 1)
    expect(await settled(wait)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(wait)).toBe(true)
    expect(echoes.waiting).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('one output ends every wait begun before it; a wait begun after it waits for the next', async () => {
    const echoes = new EchoWait(LIMIT_MS)
    const first = echoes.next()
    const second = echoes.next()
    echoes.outputSent()
    const third = echoes.next()
    expect(await settled(first)).toBe(true)
    expect(await settled(second)).toBe(true)
    expect(await settled(third)).toBe(false)
    expect(vi.getTimerCount()).toBe(1)
    echoes.outputSent()
    expect(await settled(third)).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('output with nobody waiting changes nothing', () => {
    const echoes = new EchoWait(LIMIT_MS)
    echoes.outputSent()
    expect(echoes.waiting).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})
