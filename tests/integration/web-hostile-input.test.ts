import { connect } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { describeAnswer, closePayload, encodeFrame, OPCODE, RawWebSocket, upgradeRequest } from '../support/ws-frames'
import { waitFor } from '../support/poll'
import { rawExchange, rawRequest } from '../support/raw-http'
import { WebProcess } from '../support/web-process'
import { WireClient } from '../support/ws-client'

/**
 * Input any web page (or any local process) can send to browser mode, against the built server in
 * its own process: each must get an answer, and the server must still be there afterwards.
 */
describe('browser mode under hostile input', () => {
  let server: WebProcess
  const host = () => `127.0.0.1:${server.port}`

  beforeAll(async () => {
    server = await WebProcess.start()
  })

  afterAll(async () => {
    await server.stop()
  })

  /** The server still serves the page and still answers the API, after whatever the test sent. */
  const stillServing = async () => {
    expect(server.death).toBeUndefined()
    const page = await rawExchange(server.port, rawRequest('GET / HTTP/1.1', [['Host', host()]])).catch(() => undefined)
    // No answer: wait for the exit, so the failure says how the server ended.
    if (page?.status !== 200) await waitFor(() => server.death, 'the server to exit', { timeoutMs: 2_000 }).catch(() => {})
    expect(page?.status, server.death ?? (page ? describeAnswer(page) : 'connection refused')).toBe(200)
    const client = await WireClient.connect(`ws://${host()}/api`, `http://${host()}`)
    client.send({ type: 'hello', secret: server.secret })
    await client.waitFor((c) => c.received.find((m) => m.type === 'welcome'))
    client.send({ type: 'request', id: 1, method: 'app.info', args: {} })
    expect(await client.reply(1)).toMatchObject({ ok: true })
    client.close()
  }

  afterEach(async () => {
    if (server.death === undefined) return
    // The server died in the previous test; start a fresh one so the next test says its own piece.
    await server.stop()
    server = await WebProcess.start()
  })

  const badTargets = [
    ['a path that is not valid percent-encoding', '/%E0%A4%A'],
    ['a lone percent sign', '/%'],
    ['a stray bracket', '/['],
    ['a scheme-relative target with a bad host', '//['],
    ['an absolute-form target with a bad host', 'http://['],
    ['an encoded NUL byte', '/index.html%00'],
  ] as const

  for (const [what, target] of badTargets) {
    it(`answers a GET with ${what} (${target}) with 400 or 404 and stays up`, async () => {
      const answer = await rawExchange(server.port, rawRequest(`GET ${target} HTTP/1.1`, [['Host', host()]]))
      expect(answer.status, server.death ?? describeAnswer(answer)).toBeOneOf([400, 404])
      await stillServing()
    })

    it(`answers a WebSocket upgrade to ${what} (${target}) with a 4xx and stays up`, async () => {
      const answer = await rawExchange(server.port, upgradeRequest(server.port, { path: target }))
      expect(answer.status, server.death ?? describeAnswer(answer)).toBeOneOf([400, 404])
      await stillServing()
    })
  }

  it('answers a CONNECT request with 405 rather than dropping it', async () => {
    const answer = await rawExchange(server.port, rawRequest(`CONNECT ${host()} HTTP/1.1`, [['Host', host()]]))
    expect(answer.status, server.death ?? describeAnswer(answer)).toBe(405)
    await stillServing()
  })

  it('answers a request without a Host header with 400, headers included', async () => {
    const answer = await rawExchange(server.port, rawRequest('GET / HTTP/1.1'))
    expect(answer.status, describeAnswer(answer)).toBe(400)
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
  })

  it('survives a client that resets the connection while being refused', async () => {
    for (let i = 0; i < 50; i++) {
      const socket = connect(server.port, '127.0.0.1')
      await new Promise<void>((resolve, reject) => {
        // Refused means the server is gone: say how it ended rather than only that it is not there.
        socket.once('error', (error) => {
          waitFor(() => server.death, 'the server to exit', { timeoutMs: 2_000 }).then(
            (death) => reject(new Error(`${error.message}; the server ${death}`)),
            () => reject(error),
          )
        })
        socket.once('connect', () => {
          socket.write(upgradeRequest(server.port, { origin: 'http://evil.example' }))
          socket.resetAndDestroy()
          resolve()
        })
      })
    }
    await stillServing()
  })

  const badFrames = [
    ['a text frame that is not UTF-8', 1007, encodeFrame({ opcode: OPCODE.text, payload: Buffer.from([0xc3, 0x28, 0xff]) })],
    ['a frame over the size limit', 1009, encodeFrame({ opcode: OPCODE.binary, declaredLength: 1024 * 1024 + 1 })],
    ['a close frame with a reserved code', 1002, encodeFrame({ opcode: OPCODE.close, payload: closePayload(1005) })],
    ['an unmasked client frame', 1002, encodeFrame({ opcode: OPCODE.text, payload: '{}', masked: false })],
    ['a frame with a reserved opcode', 1002, encodeFrame({ opcode: 0x3, payload: 'x' })],
    ['a ping longer than 125 bytes', 1002, encodeFrame({ opcode: OPCODE.ping, payload: Buffer.alloc(200) })],
  ] as const

  for (const [what, code, frame] of badFrames) {
    it(`closes the connection on ${what} before the secret, and stays up`, async () => {
      const client = await RawWebSocket.open(server.port)
      client.send(frame)
      await client.waitForClose()
      expect(server.death).toBeUndefined()
      expect(client.closeCode).toBe(code)
      await stillServing()
    })

    it(`closes the connection on ${what} after the secret, and stays up`, async () => {
      const client = await RawWebSocket.authenticated(server.port, server.secret)
      client.send(frame)
      await client.waitForClose()
      expect(server.death).toBeUndefined()
      expect(client.closeCode).toBe(code)
      await stillServing()
    })
  }
})
