import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOsKeychain } from '../../electron/core/accounts/keychain'
import { createCore, type Core } from '../../electron/core/create-core'
import { createLogger } from '../../electron/core/log'
import { startWebHost, type WebHost } from '../../electron/web/web-host'
import { missingSecurityHeaders, rawExchange, rawRequest, type RawAnswer } from '../support/raw-http'
import { describeAnswer, RawWebSocket, upgradeRequest } from '../support/ws-frames'
import { WireClient } from '../support/ws-client'

describe('browser mode host', () => {
  let dir: string
  let core: Core
  let host: WebHost
  const logLines: string[] = []
  const wsUrl = () => `ws://127.0.0.1:${host.port}/api`
  const origin = () => `http://127.0.0.1:${host.port}`

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipmate-web-'))
    const rendererDir = join(dir, 'renderer')
    await mkdir(rendererDir)
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Shipmate</title>')
    const log = createLogger((line) => logLines.push(line))
    core = await createCore({
      dataDir: dir,
      version: '9.9.9',
      host: 'web',
      keychain: createOsKeychain(),
      log,
      openExternal: async () => {},
    })
    host = await startWebHost({ core, log, port: 0, rendererDir })
  })

  afterAll(async () => {
    await host.close()
    await rm(dir, { recursive: true, force: true })
  })

  const authenticated = async () => {
    const client = await WireClient.connect(wsUrl(), origin())
    client.send({ type: 'hello', secret: host.secret })
    await client.waitFor((c) => c.received.find((m) => m.type === 'welcome'))
    return client
  }

  it('serves the renderer on the loopback address with a content security policy', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]{20,}$/)
    const response = await fetch(`http://127.0.0.1:${host.port}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await response.text()).toContain('<title>Shipmate</title>')
    expect((await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
  })

  it('answers requests once the page presents the secret', async () => {
    const client = await authenticated()
    client.send({ type: 'request', id: 1, method: 'app.info', args: {} })
    const reply = await client.reply(1)
    expect(reply).toMatchObject({ ok: true, result: { name: 'Shipmate', version: '9.9.9', dataDir: dir, host: 'web' } })
    client.close()
  })

  it('refuses a wrong secret and logs it', async () => {
    const client = await WireClient.connect(wsUrl(), origin())
    client.send({ type: 'hello', secret: 'not-the-secret' })
    await client.waitFor((c) => c.closeCode)
    expect(client.closeCode).toBe(4401)
    expect(logLines.join('')).toContain('wrong secret')
  })

  it('refuses a request sent before the secret', async () => {
    const client = await WireClient.connect(wsUrl(), origin())
    client.send({ type: 'request', id: 1, method: 'app.info', args: {} })
    await client.waitFor((c) => c.closeCode)
    expect(client.closeCode).toBe(4401)
    expect(client.received).toEqual([])
  })

  it('refuses a foreign origin before any WebSocket exists', async () => {
    await expect(WireClient.connect(wsUrl(), 'http://evil.example')).rejects.toThrow('HTTP 403')
    expect(logLines.join('')).toContain('origin http://evil.example')
  })

  it('replies to a message that fails the schema by naming the field, and stays up', async () => {
    const client = await authenticated()
    client.send({ type: 'request', id: 2, method: 'app.dismissNotice', args: { id: 42 } })
    expect(await client.reply(2)).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'id' } })
    client.send({ type: 'request', id: 3, method: 'app.info', args: { extra: true } })
    expect(await client.reply(3)).toMatchObject({ ok: false, error: { field: 'extra' } })
    client.send({ type: 'request', id: 4, method: 'app.nope', args: {} })
    expect(await client.reply(4)).toMatchObject({ ok: false, error: { field: 'method' } })
    client.send('{not json')
    await client.waitFor((c) => c.received.find((m) => m.type === 'error'))
    client.send({ type: 'request', id: 5, method: 'app.info', args: {} })
    expect(await client.reply(5)).toMatchObject({ ok: true })
    expect(client.closeCode).toBeUndefined()
    client.close()
  })

  it('pushes core events to every connected page', async () => {
    const first = await authenticated()
    const second = await authenticated()
    core.notify('warning', 'settings.json was damaged')
    for (const client of [first, second]) {
      const event = await client.waitFor((c) => c.received.find((m) => m.type === 'event'))
      expect(event).toMatchObject({ name: 'app.notice', payload: { level: 'warning', message: 'settings.json was damaged' } })
    }
    first.close()
    second.close()
  })

  it('answers only to its own names, so a rebound DNS name gets nothing (421)', async () => {
    const get = (hostHeader: string) => rawExchange(host.port, rawRequest('GET / HTTP/1.1', [['Host', hostHeader]]))
    for (const own of [`127.0.0.1:${host.port}`, `localhost:${host.port}`, `LOCALHOST:${host.port}`, `[::1]:${host.port}`]) {
      expect((await get(own)).status, own).toBe(200)
    }
    for (const foreign of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${host.port}`, '']) {
      const answer = await get(foreign)
      expect(answer.status, `Host: ${foreign} got ${describeAnswer(answer)}`).toBe(421)
    }
    const twice = await rawExchange(host.port, rawRequest('GET / HTTP/1.1', [['Host', `127.0.0.1:${host.port}`], ['Host', 'evil.example']]))
    expect(twice.status).toBe(400)
    const absolute = await rawExchange(host.port, rawRequest('GET http://evil.example/ HTTP/1.1', [['Host', `127.0.0.1:${host.port}`]]))
    expect(absolute.status).toBe(421)
    const upgrade = await rawExchange(host.port, upgradeRequest(host.port, { host: `evil.example:${host.port}`, origin: `http://evil.example:${host.port}` }))
    expect(upgrade.status).toBe(421)
    expect(logLines.join('')).toContain('Host evil.example')
  })

  it('accepts the page on [::1] as well, Host and Origin alike', async () => {
    const client = await RawWebSocket.open(host.port, { host: `[::1]:${host.port}`, origin: `http://[::1]:${host.port}` })
    client.sendJson({ type: 'hello', secret: host.secret })
    await client.waitForMessage((message) => message.type === 'welcome', 'the welcome')
    client.destroy()
  })

  it('sends the security headers on every answer, errors included', async () => {
    const own = `127.0.0.1:${host.port}`
    const answers: [string, RawAnswer][] = [
      ['page', await rawExchange(host.port, rawRequest('GET / HTTP/1.1', [['Host', own]]))],
      ['not found', await rawExchange(host.port, rawRequest('GET /nothing-here HTTP/1.1', [['Host', own]]))],
      ['bad method', await rawExchange(host.port, rawRequest('DELETE / HTTP/1.1', [['Host', own]]))],
      ['bad path', await rawExchange(host.port, rawRequest('GET /% HTTP/1.1', [['Host', own]]))],
      ['foreign host', await rawExchange(host.port, rawRequest('GET / HTTP/1.1', [['Host', 'evil.example']]))],
      ['no host', await rawExchange(host.port, rawRequest('GET / HTTP/1.1'))],
      ['unparseable', await rawExchange(host.port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')],
      ['expectation', await rawExchange(host.port, rawRequest('GET / HTTP/1.1', [['Host', own], ['Expect', 'the-impossible']]))],
      ['foreign origin', await rawExchange(host.port, upgradeRequest(host.port, { origin: 'http://evil.example' }))],
      ['no WebSocket there', await rawExchange(host.port, upgradeRequest(host.port, { path: '/index.html' }))],
      ['bad handshake', await rawExchange(host.port, upgradeRequest(host.port, { extraHeaders: [['Sec-WebSocket-Version', '99']] }))],
      ['connect', await rawExchange(host.port, rawRequest(`CONNECT ${own} HTTP/1.1`, [['Host', own]]))],
      ['switching protocols', await rawExchange(host.port, upgradeRequest(host.port))],
    ]
    expect(answers.map(([what, answer]) => [what, answer.status])).toEqual([
      ['page', 200],
      ['not found', 404],
      ['bad method', 405],
      ['bad path', 400],
      ['foreign host', 421],
      ['no host', 400],
      ['unparseable', 400],
      ['expectation', 417],
      ['foreign origin', 403],
      ['no WebSocket there', 404],
      ['bad handshake', 400],
      ['connect', 405],
      ['switching protocols', 101],
    ])
    for (const [what, answer] of answers) expect(missingSecurityHeaders(answer), what).toEqual([])
    expect(answers[0]?.[1].headers['x-content-type-options']).toBe('nosniff')
    expect(answers[0]?.[1].headers['referrer-policy']).toBe('no-referrer')
    expect(answers[0]?.[1].headers['cache-control']).toBe('no-store')
  })

  it('echoes an unknown method name shortened, however long it was', async () => {
    const client = await authenticated()
    client.send({ type: 'request', id: 6, method: 'm'.repeat(100_000), args: {} })
    const reply = await client.reply(6)
    expect(reply).toMatchObject({ ok: false, error: { field: 'method' } })
    expect(JSON.stringify(reply).length).toBeLessThan(300)
    client.close()
  })

  it('says so when the port is taken', async () => {
    await expect(startWebHost({ core, log: createLogger(() => {}), port: host.port, rendererDir: dir })).rejects.toThrow(
      `Port ${host.port} is already in use`,
    )
  })
})
