// The HTTP server: control routes, then what sits in front of Travis's API in production, in
// order: request log, injected faults, CORS, ScopeCheck, rack-attack, then the v3/v2 opt-in.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { scopeCheckToken } from './auth'
import { type EmulatorControl, makeControl } from './control'
import { CONTROL_PREFIX, handleControl } from './control-http'
import { EmulatorCore, type EmulatorOptions } from './core'
import { PLAIN, UncaughtError } from './errors'
import type { ActiveFault } from './faults'
import { type Reply, jsonReply, readBody, textReply, withHeaders, writeReply } from './http-io'
import { route } from './opt-in'
import { BodyParseError, parseQuery } from './params'
import { handleLegacyLive } from './legacy-live'
import { handleV2 } from './v2'
import { handleV3 } from './v3'

export interface TravisEmulator {
  /** `http://127.0.0.1:PORT` plus the mount point (`/api` on Enterprise). */
  url: string
  /** The server root, where `/__emulator/` lives. */
  origin: string
  port: number
  control: EmulatorControl
  close(): Promise<void>
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Expose-Headers': 'Content-Type, Cache-Control, Expires, Etag, Last-Modified, X-Request-ID',
}

const PREFLIGHT = {
  'Access-Control-Allow-Methods': 'HEAD, GET, POST, PATCH, PUT, DELETE',
  'Access-Control-Allow-Headers':
    'Content-Type, Authorization, Accept, If-None-Match, If-Modified-Since, X-User-Agent, Travis-API-Version, Trace',
  'Access-Control-Max-Age': '86400',
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

function clientIp(req: IncomingMessage): string {
  const forwarded = headerValue(req.headers['x-forwarded-for'])?.split(',')[0]?.trim()
  return forwarded || req.socket.remoteAddress || 'unknown'
}

function faultReply(fault: ActiveFault): Reply | undefined {
  if (fault.status === undefined) return undefined
  let reply: Reply
  if (fault.body === undefined) {
    // Without a body, a fault answers the way Travis's own layers answer that status.
    if (fault.status === 500) reply = textReply(500, PLAIN.serverError)
    else if (fault.status === 429) reply = textReply(429, PLAIN.throttled)
    else reply = textReply(fault.status, '')
  } else if (typeof fault.body === 'string') reply = textReply(fault.status, fault.body)
  else reply = jsonReply(fault.status, fault.body)
  if (fault.contentType !== undefined) reply = withHeaders(reply, { 'Content-Type': fault.contentType })
  return fault.headers ? withHeaders(reply, fault.headers) : reply
}

/** The path without the mount point and `/v3` prefix, for fault patterns. */
function barePath(path: string, mount: string): string {
  const unmounted = mount !== '' && path.startsWith(mount) ? path.slice(mount.length) || '/' : path
  return unmounted.startsWith('/v3/') ? unmounted.slice(3) : unmounted
}

export async function startTravisEmulator(options: EmulatorOptions = {}): Promise<TravisEmulator> {
  const core = new EmulatorCore(options)
  const control = makeControl(core)
  const info = { url: '' }
  const listening = { host: '', port: 0 }

  async function api(req: IncomingMessage, path: string, rawQuery: string, body: string): Promise<Reply | 'dropped'> {
    const method = req.method ?? 'GET'
    const fault = core.faults.take(method, [path, barePath(path, core.mount)])
    if (fault?.delayMs) await delay(fault.delayMs)
    if (fault?.drop) {
      req.socket.destroy()
      return 'dropped'
    }
    const injected = fault && faultReply(fault)
    if (injected) return injected
    if (method === 'OPTIONS') return withHeaders(textReply(200, ''), PREFLIGHT)

    const query = parseQuery(rawQuery)
    const authorization = headerValue(req.headers.authorization)
    const token = scopeCheckToken(authorization, query)
    const valid = token !== undefined && core.store.userByToken(token) !== undefined
    // ScopeCheck sits in front of rack-attack: a bad token is refused without being counted.
    if (token !== undefined && !valid) return textReply(403, PLAIN.accessDenied)
    const verdict = core.rateLimiter.check(valid ? `token:${token}` : `ip:${clientIp(req)}`, valid, method === 'POST')
    if (verdict === 'banned') return textReply(403, PLAIN.banned)
    if (verdict === 'throttled') return textReply(429, PLAIN.throttled)

    const routing = route(path, { accept: headerValue(req.headers.accept), version: headerValue(req.headers['travis-api-version']) }, core.mount)
    if (routing.stack === 'outside') return textReply(404, 'Not Found')
    if (routing.stack === 'redirect') return withHeaders(textReply(307, ''), { Location: routing.location })
    if (routing.stack === 'v2') {
      const user = valid ? core.store.userByToken(token) : undefined
      const legacy = handleLegacyLive(method, routing.pathInfo, headerValue(req.headers['content-type']), body, {
        store: core.store,
        live: core.live,
        user,
        host: listening.host,
        port: listening.port,
      })
      return legacy ?? handleV2(method, routing.pathInfo, core.store, user)
    }
    const reply = await handleV3(
      {
        method,
        scriptName: routing.scriptName,
        pathInfo: routing.pathInfo,
        rawQuery,
        headers: {
          accept: headerValue(req.headers.accept),
          authorization,
          'content-type': headerValue(req.headers['content-type']),
        },
        body,
      },
      { store: core.store, flavour: core.flavour, mount: core.mount, lifecycle: core.lives },
    )
    return withHeaders(reply, { 'X-OAuth-Scopes': valid ? 'public,private' : '' })
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/'
    const [path = '/', rawQuery = ''] = url.split(/\?(.*)/s, 2)
    const body = await readBody(req)
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      const reply = await handleControl(control, info, req.method ?? 'GET', path, new URLSearchParams(rawQuery), body)
      writeReply(res, withHeaders(reply, CORS))
      return
    }
    const entry = core.requests.record(req.method ?? 'GET', url, req.headers, body)
    let reply: Reply | 'dropped'
    try {
      reply = await api(req, path, rawQuery, body)
    } catch (error) {
      // Anything unexpected (including a body that claims JSON but is not) is Travis's 500.
      if (!(error instanceof BodyParseError) && !(error instanceof UncaughtError)) console.error('travis emulator:', error)
      reply = textReply(500, PLAIN.serverError)
    }
    if (reply === 'dropped') return
    entry.status = reply.status
    writeReply(res, withHeaders(reply, CORS))
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      console.error('travis emulator:', error)
      if (!res.headersSent) writeReply(res, textReply(500, PLAIN.serverError))
    })
  })
  // The live channel is served from the same port, as Pusher's host for this Travis.
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (!core.live.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://${host}:${port}`
  listening.host = host
  listening.port = port
  info.url = origin + core.mount

  return {
    url: info.url,
    origin,
    port,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        core.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
