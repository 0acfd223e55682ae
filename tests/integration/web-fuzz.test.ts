import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_REFUSAL_LIMIT } from '../../electron/web/refusal-log'
import { waitFor } from '../support/poll'
import { describeAnswer, closePayload, OPCODE, RawWebSocket } from '../support/ws-frames'
import { missingSecurityHeaders, rawExchange, rawRequest } from '../support/raw-http'
import { httpRequest, webSocketConversation } from '../support/web-fuzz-inputs'
import { WebProcess } from '../support/web-process'
import { WireClient } from '../support/ws-client'

/**
 * Bounded both ways: this many cases at most, and no new case after this long per property. The
 * time bound is checked by the property itself: fast-check's own time limit abandons the case in
 * flight, and a case that hangs (no answer) must fail, not be abandoned.
 */
const RUNS = 400
const TIME_LIMIT_MS = 4_000
const fuzzOptions = { numRuns: RUNS, endOnFailure: true }

/**
 * Random request lines, methods, paths, headers, frames and JSON, before and after the secret,
 * against the built server in its own process (traffic to 127.0.0.1 only). A failure names the
 * seed to replay it with; a server that died names the inputs it was sent last.
 */
describe('browser mode fuzz', () => {
  let server: WebProcess
  const recent: string[] = []
  const remember = (input: string) => {
    recent.push(input.slice(0, 300))
    if (recent.length > 5) recent.shift()
  }
  const mustBeAlive = () => {
    if (server.death !== undefined) throw new Error(`the server ${server.death}\nlast inputs:\n${recent.join('\n')}`)
  }
  /** Something went wrong talking to the server: if it is exiting, say so (its exit event may lag). */
  const deadOrRethrow = async (error: unknown): Promise<never> => {
    await waitFor(() => server.death, 'the server to exit', { timeoutMs: 1_000 }).catch(() => {})
    mustBeAlive()
    throw error
  }

  beforeAll(async () => {
    server = await WebProcess.start()
  })

  afterAll(async () => {
    await server.stop()
  })

  it('answers every HTTP request, with the security headers, and never with a 5xx', { timeout: 60_000 }, async () => {
    const deadline = Date.now() + TIME_LIMIT_MS
    await fc.assert(
      fc.asyncProperty(httpRequest(server.port), async (request) => {
        if (Date.now() > deadline) return
        mustBeAlive()
        remember(JSON.stringify(request.toString('latin1')))
        const answer = await rawExchange(server.port, request).catch(deadOrRethrow)
        if (answer.status === undefined) await deadOrRethrow(new Error(`no answer: ${describeAnswer(answer)}`))
        expect(answer.status).toBeLessThan(500)
        expect(missingSecurityHeaders(answer), describeAnswer(answer)).toEqual([])
      }),
      fuzzOptions,
    )
  })

  it('closes on any frame it cannot take, before or after the secret, and stays up', { timeout: 60_000 }, async () => {
    const deadline = Date.now() + TIME_LIMIT_MS
    await fc.assert(
      fc.asyncProperty(webSocketConversation, async ({ hello, frames }) => {
        if (Date.now() > deadline) return
        mustBeAlive()
        remember(JSON.stringify({ hello, frames }))
        const client = await (hello === 'right' ? RawWebSocket.authenticated(server.port, server.secret) : RawWebSocket.open(server.port)).catch(
          deadOrRethrow,
        )
        if (hello === 'wrong') client.sendJson({ type: 'hello', secret: 'not-the-secret' })
        for (const frame of frames) client.send(frame)
        // However the frames left it, a close from the client must end the connection.
        client.send({ opcode: OPCODE.close, payload: closePayload(1000) })
        await client.waitForClose().catch(deadOrRethrow)
        client.destroy()
        mustBeAlive()
      }),
      fuzzOptions,
    )
  })

  it('still serves the page and the API afterwards, and kept its log short', async () => {
    mustBeAlive()
    const page = await rawExchange(server.port, rawRequest('GET / HTTP/1.1', [['Host', `127.0.0.1:${server.port}`]]))
    expect(page.status, describeAnswer(page)).toBe(200)
    const client = await WireClient.connect(`ws://127.0.0.1:${server.port}/api`, `http://127.0.0.1:${server.port}`)
    client.send({ type: 'hello', secret: server.secret })
    await client.waitFor((c) => c.received.find((m) => m.type === 'welcome'))
    client.send({ type: 'request', id: 1, method: 'app.info', args: {} })
    expect(await client.reply(1)).toMatchObject({ ok: true, result: { name: 'Shipmate' } })
    client.close()
    // Hundreds of refusals in a few seconds: one interval's worth of lines, plus at most a summary.
    const refusalLines = server.log.split('\n').filter((line) => / warn /.test(line))
    expect(refusalLines.length).toBeLessThanOrEqual(DEFAULT_REFUSAL_LIMIT.lines + 1)
    expect(server.log).not.toMatch(/ error /)
  })
})
