// Travis's live channel as a Pusher server speaks it to pusher-js (protocol 7), limited to what
// Travis uses: `pusher:connection_established` on connect, `pusher:subscribe` (public channels, and
// private ones with an `auth` signature made by the API's POST /pusher/auth), the
// `pusher_internal:subscription_succeeded` answer, `pusher:ping`/`pusher:pong`, and one event,
// `job:log`, on `job-{id}` (public repositories) or `private-job-{id}` (private ones).
//
// travis-logs publishes each log part as it is stored, with the payload
// `{"id": <job id>, "_log": <text>, "number": <part number>, "final": <bool>}`; Pusher delivers
// event data as a JSON string inside the frame.
//
// Test knobs: refuse every upgrade (a proxy that blocks WebSockets, or the service down), drop the
// open connections, hide the key from /config, and deliver parts out of order or twice.
import { createHmac, randomInt } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'

export type LiveMode = 'on' | 'refuse' | 'no-key'
/** swap: each part is held until the next one of its channel and sent after it; duplicate: every part twice. */
export type LiveDisorder = 'none' | 'swap' | 'duplicate'

export interface LiveSettings {
  mode: LiveMode
  disorder: LiveDisorder
}

export interface LiveStats {
  /** WebSocket connections accepted so far. */
  connections: number
  /** Connections open now. */
  open: number
  /** Upgrades refused (mode `refuse`). */
  refused: number
  /** Subscriptions granted, and refused for a missing or wrong signature. */
  subscriptions: number
  badSignatures: number
  /** `job:log` frames written. */
  sent: number
}

export interface LivePart {
  number: number
  content: string
  final: boolean
}

/** The application key the emulator announces; public, like Travis's. */
export const LIVE_KEY = 'emulatorlive0000key0'
/** Signs private-channel subscriptions; only the emulator's API and Pusher server know it. */
const LIVE_SECRET = 'emulatorlive0000secret'
/** What the server proposes in connection_established (Pusher's own default). */
const ACTIVITY_TIMEOUT_S = 120
const PROTOCOL = 7

interface Client {
  socketId: string
  channels: Set<string>
}

interface Frame {
  event: string
  channel?: string
  data: string
}

/** Pusher's private-channel signature: `key:HMAC-SHA256-hex(secret, "socket_id:channel")`. */
export function liveSignature(socketId: string, channel: string): string {
  return `${LIVE_KEY}:${createHmac('sha256', LIVE_SECRET).update(`${socketId}:${channel}`).digest('hex')}`
}

export class LiveServer {
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly clients = new Map<WebSocket, Client>()
  /** swap: the part waiting for its successor, per channel. */
  private readonly held = new Map<string, Frame>()
  private settings: LiveSettings = { mode: 'on', disorder: 'none' }
  private counts = { connections: 0, refused: 0, subscriptions: 0, badSignatures: 0, sent: 0 }

  configure(settings: Partial<LiveSettings>): void {
    this.settings = { ...this.settings, ...settings }
    if (this.settings.mode !== 'on') this.drop()
    if (this.settings.disorder !== 'swap') this.flushHeld()
  }

  stats(): LiveStats {
    return { ...this.counts, open: this.clients.size }
  }

  /** The `pusher` part of GET /config, as travis-api slices it from its settings. */
  config(host: string, port: number): Record<string, unknown> {
    if (this.settings.mode === 'no-key') return {}
    return { scheme: 'http', host, port, key: LIVE_KEY, secure: false, private: false }
  }

  /** Takes an upgrade for `/app/{key}`; false when the path is not the live channel's. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const match = /^\/app\/([^/]+)$/.exec(url.pathname)
    if (!match) return false
    if (this.settings.mode !== 'on') {
      this.counts.refused += 1
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return true
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, match[1] ?? '', url.searchParams.get('protocol')))
    return true
  }

  /** A new log part of a job: to every socket subscribed to the job's channel. */
  publish(jobId: number, privateRepo: boolean, part: LivePart): void {
    const channel = `${privateRepo ? 'private-' : ''}job-${jobId}`
    const frame: Frame = {
      event: 'job:log',
      channel,
      data: JSON.stringify({ id: jobId, _log: part.content, number: part.number, final: part.final }),
    }
    switch (this.settings.disorder) {
      case 'duplicate':
        this.broadcast(frame)
        this.broadcast(frame)
        return
      case 'swap': {
        const waiting = this.held.get(channel)
        if (waiting) {
          this.held.delete(channel)
          this.broadcast(frame)
          this.broadcast(waiting)
        } else if (part.final) this.broadcast(frame)
        else this.held.set(channel, frame)
        return
      }
      default:
        this.broadcast(frame)
    }
  }

  /** Ends every open connection abruptly, as a network drop does (no close frame). */
  drop(): void {
    for (const ws of this.clients.keys()) ws.terminate()
    this.clients.clear()
  }

  reset(): void {
    this.drop()
    this.held.clear()
    this.settings = { mode: 'on', disorder: 'none' }
    this.counts = { connections: 0, refused: 0, subscriptions: 0, badSignatures: 0, sent: 0 }
  }

  close(): void {
    this.drop()
    this.wss.close()
  }

  private accept(ws: WebSocket, key: string, protocol: string | null): void {
    if (key !== LIVE_KEY) return this.fail(ws, 4001, `App key ${key} not in this cluster. Did you forget to specify the cluster?`)
    if (Number(protocol) !== PROTOCOL) return this.fail(ws, 4007, 'Unsupported protocol version')
    const client: Client = { socketId: `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`, channels: new Set() }
    this.counts.connections += 1
    this.clients.set(ws, client)
    ws.on('close', () => this.clients.delete(ws))
    ws.on('error', () => this.clients.delete(ws))
    ws.on('message', (data) => this.receive(ws, client, data))
    this.send(ws, {
      event: 'pusher:connection_established',
      data: JSON.stringify({ socket_id: client.socketId, activity_timeout: ACTIVITY_TIMEOUT_S }),
    })
  }

  private receive(ws: WebSocket, client: Client, raw: RawData): void {
    let message: { event?: unknown; data?: unknown }
    try {
      message = JSON.parse(String(raw)) as typeof message
    } catch {
      return this.error(ws, null, 'Invalid JSON')
    }
    const data = (typeof message.data === 'object' && message.data !== null ? message.data : {}) as Record<string, unknown>
    switch (message.event) {
      case 'pusher:ping':
        return this.send(ws, { event: 'pusher:pong', data: '{}' })
      case 'pusher:subscribe':
        return this.subscribe(ws, client, String(data.channel ?? ''), typeof data.auth === 'string' ? data.auth : undefined)
      case 'pusher:unsubscribe':
        client.channels.delete(String(data.channel ?? ''))
        return
      default:
        return undefined
    }
  }

  private subscribe(ws: WebSocket, client: Client, channel: string, auth: string | undefined): void {
    if (channel.startsWith('private-') && auth !== liveSignature(client.socketId, channel)) {
      this.counts.badSignatures += 1
      return this.error(ws, null, `Invalid signature: Expected HMAC SHA256 hex digest of ${client.socketId}:${channel}`)
    }
    client.channels.add(channel)
    this.counts.subscriptions += 1
    this.send(ws, { event: 'pusher_internal:subscription_succeeded', channel, data: '{}' })
  }

  private broadcast(frame: Frame): void {
    for (const [ws, client] of this.clients) {
      if (frame.channel && client.channels.has(frame.channel)) {
        this.send(ws, frame)
        this.counts.sent += 1
      }
    }
  }

  private flushHeld(): void {
    const waiting = [...this.held.values()]
    this.held.clear()
    for (const frame of waiting) this.broadcast(frame)
  }

  private send(ws: WebSocket, frame: Frame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
  }

  private error(ws: WebSocket, code: number | null, message: string): void {
    ws.send(JSON.stringify({ event: 'pusher:error', data: { code, message } }))
  }

  private fail(ws: WebSocket, code: number, message: string): void {
    this.error(ws, code, message)
    ws.close(code, message)
  }
}
