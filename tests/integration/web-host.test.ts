import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOsKeychain } from '../../electron/core/accounts/keychain'
import { createCore, type Core } from '../../electron/core/create-core'
import { createLogger } from '../../electron/core/log'
import { startWebHost, type WebHost } from '../../electron/web/web-host'
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

  it('says so when the port is taken', async () => {
    await expect(startWebHost({ core, log: createLogger(() => {}), port: host.port, rendererDir: dir })).rejects.toThrow(
      `Port ${host.port} is already in use`,
    )
  })
})
