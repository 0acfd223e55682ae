import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/poll'
import { encodeFrame, OPCODE, RawWebSocket } from '../support/ws-frames'
import { WebProcess } from '../support/web-process'
import { WireClient } from '../support/ws-client'

const MiB = 1024 * 1024

/**
 * A page that sends requests and never reads the replies. Without a bound the server keeps every
 * unread reply; with it, the connection is dropped and memory stays flat.
 */
describe('browser mode and a client that stops reading', () => {
  let server: WebProcess

  beforeAll(async () => {
    server = await WebProcess.start()
  })

  afterAll(async () => {
    await server.stop()
  })

  const appInfo = async () => {
    const client = await WireClient.connect(`ws://127.0.0.1:${server.port}/api`, `http://127.0.0.1:${server.port}`)
    client.send({ type: 'hello', secret: server.secret })
    await client.waitFor((c) => c.received.find((m) => m.type === 'welcome'))
    client.send({ type: 'request', id: 1, method: 'app.info', args: {} })
    const reply = await client.reply(1)
    client.close()
    return reply
  }

  it('drops the client and keeps its memory flat', async () => {
    // Growth allowed: the 8 MiB a client may leave unread, one reply, and the garbage of parsing
    // requests; without the bound the 600,000 unread replies hold about 200 MiB.
    const allowedGrowth = 64 * MiB
    expect(await appInfo()).toMatchObject({ ok: true })
    const request = encodeFrame({ opcode: OPCODE.text, payload: JSON.stringify({ type: 'request', id: 7, method: 'app.info', args: {} }) })
    const burst = Buffer.concat(Array.from({ length: 1_000 }, () => request))

    // The same flood from a client that reads first: the server's heap grows to its working size
    // for this load, so what is measured next is what unread replies add, not the warm-up.
    const reader = await RawWebSocket.authenticated(server.port, server.secret)
    for (let i = 0; i < 200; i++) reader.send(burst)
    await waitFor(() => reader.frames.length >= 200_001, 'the reading client to get every reply', { timeoutMs: 25_000, describe: () => `${reader.frames.length} frames` })
    reader.destroy()
    const before = await server.rssBytes()

    const client = await RawWebSocket.authenticated(server.port, server.secret)
    client.socket.pause()
    for (let i = 0; i < 600; i++) client.send(burst)

    const dropped = () => server.log.includes('Dropped the browser-mode connection')
    let growth = 0
    await waitFor(
      async () => {
        growth = (await server.rssBytes()) - before
        return dropped() || growth > allowedGrowth
      },
      'the server to drop the client or to outgrow the bound',
      { timeoutMs: 25_000, intervalMs: 100, describe: () => `growth ${(growth / MiB).toFixed(1)} MiB` },
    )
    expect(dropped(), `no drop; memory grew ${(growth / MiB).toFixed(1)} MiB`).toBe(true)
    growth = (await server.rssBytes()) - before
    expect(growth, `memory grew ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(allowedGrowth)

    client.socket.resume()
    await client.waitForClose('the dropped connection to close')
    expect(server.log).toMatch(/Dropped the browser-mode connection from 127\.0\.0\.1:\d+: it left more than 8 MiB unread\./)
    expect(await appInfo()).toMatchObject({ ok: true })
  })
})
