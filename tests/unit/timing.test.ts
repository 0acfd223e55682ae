import { getEventListeners } from 'node:events'
import { createServer } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { backoffDelay, backoffStep, sleep } from '../../electron/core/timing'
import { TravisClient } from '../../electron/core/travis/client'
import { listenOnLoopback } from '../support/listen'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

describe('timing', () => {
  it('takes its abort listener off after the wait, whether it ran out or was aborted', async () => {
    const longLived = new AbortController()
    for (let i = 0; i < 20; i++) await sleep(1, longLived.signal)
    expect(getEventListeners(longLived.signal, 'abort')).toHaveLength(0)

    const cut = new AbortController()
    const waiting = sleep(60_000, cut.signal)
    expect(getEventListeners(cut.signal, 'abort')).toHaveLength(1)
    cut.abort()
    await waiting
    expect(getEventListeners(cut.signal, 'abort')).toHaveLength(0)
  })

  it('doubles up to the cap, and jitters within the upper half of each step', () => {
    const backoff = { baseMs: 100, capMs: 1000 }
    expect([1, 2, 3, 4, 5, 40].map((attempt) => backoffStep(attempt, backoff))).toEqual([100, 200, 400, 800, 1000, 1000])
    expect(backoffDelay(3, backoff, () => 0)).toBe(200)
    expect(backoffDelay(3, backoff, () => 1)).toBe(400)
  })

  it('a Travis client retrying with one signal leaves no listener on it per retry', async () => {
    let answered = 0
    const server = createServer((_request, response) => {
      answered += 1
      response.writeHead(503, { 'content-type': 'text/plain' }).end('busy')
    })
    const port = await listenOnLoopback(server)
    closers.push(() => new Promise((resolve) => server.close(() => resolve())))
    const client = new TravisClient({ apiUrl: `http://127.0.0.1:${port}`, token: 'x', userAgent: 'test', tries: 6, backoff: { baseMs: 1, capMs: 2 } })
    const signal = new AbortController().signal

    await expect(client.job(1, signal)).rejects.toThrow()
    expect(answered).toBe(6)
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
  })
})
