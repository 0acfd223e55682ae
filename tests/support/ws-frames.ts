import { randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import { rawConnect, rawRequest, type RawAnswer } from './raw-http'
import { waitFor } from './poll'

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const

/** One WebSocket frame as a client could write it, including the ways a well-behaved one never would. */
export interface FrameSpec {
  opcode: number
  payload?: Buffer | string
  fin?: boolean
  /** The three reserved bits, 0-7. */
  rsv?: number
  /** Clients must mask; false sends the frame bare. */
  masked?: boolean
  /** The length the header claims; the payload's own length unless a test lies. */
  declaredLength?: number
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0))
  const length = spec.declaredLength ?? payload.length
  const masked = spec.masked ?? true
  const first = ((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 7) << 4) | (spec.opcode & 0x0f)
  let header: Buffer
  if (length < 126) {
    header = Buffer.from([first, length])
  } else if (length < 0x10000) {
    header = Buffer.alloc(4)
    header[0] = first
    header[1] = 126
    header.writeUInt16BE(length, 2)
  } else {
    header = Buffer.alloc(10)
    header[0] = first
    header[1] = 127
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  if (!masked) return Buffer.concat([header, payload])
  header[1] = (header[1] ?? 0) | 0x80
  const mask = randomBytes(4)
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (mask[i % 4] ?? 0)
  return Buffer.concat([header, mask, body])
}

export function closePayload(code: number, reason = ''): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason))
  payload.writeUInt16BE(code, 0)
  payload.write(reason, 2)
  return payload
}

export interface ServerFrame {
  opcode: number
  payload: Buffer
}

/** The server's side of the conversation, parsed from the raw bytes (server frames are never masked). */
function readFrames(buffer: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = []
  let offset = 0
  for (;;) {
    if (buffer.length - offset < 2) break
    const opcode = (buffer[offset] ?? 0) & 0x0f
    const short = (buffer[offset + 1] ?? 0) & 0x7f
    let length = short
    let start = offset + 2
    if (short === 126) {
      if (buffer.length - offset < 4) break
      length = buffer.readUInt16BE(offset + 2)
      start = offset + 4
    } else if (short === 127) {
      if (buffer.length - offset < 10) break
      length = Number(buffer.readBigUInt64BE(offset + 2))
      start = offset + 10
    }
    if (buffer.length < start + length) break
    frames.push({ opcode, payload: buffer.subarray(start, start + length) })
    offset = start + length
  }
  return { frames, rest: buffer.subarray(offset) }
}

export interface UpgradeOptions {
  host?: string
  origin?: string
  path?: string
  extraHeaders?: [string, string][]
}

export function upgradeRequest(port: number, options: UpgradeOptions = {}): string {
  return rawRequest(`GET ${options.path ?? '/api'} HTTP/1.1`, [
    ['Host', options.host ?? `127.0.0.1:${port}`],
    ['Origin', options.origin ?? `http://127.0.0.1:${port}`],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
    ['Sec-WebSocket-Version', '13'],
    ...(options.extraHeaders ?? []),
  ])
}

/**
 * A WebSocket client that writes frames byte by byte, so tests can send what the `ws` client
 * refuses to: unmasked frames, lying lengths, bad close codes, invalid UTF-8.
 */
export class RawWebSocket {
  readonly frames: ServerFrame[] = []
  closed = false
  private pending: Buffer = Buffer.alloc(0)

  private constructor(readonly socket: Socket, first: Buffer) {
    socket.on('data', (chunk: Buffer) => this.take(chunk))
    socket.on('close', () => (this.closed = true))
    socket.on('error', () => (this.closed = true))
    this.take(first)
  }

  /** Connects and completes the handshake; throws with the server's answer when it is not a 101. */
  static async open(port: number, options: UpgradeOptions = {}): Promise<RawWebSocket> {
    const { socket, answer } = await rawConnect(port, upgradeRequest(port, options))
    if (answer.status !== 101) {
      socket.destroy()
      throw new Error(`expected 101, got ${describeAnswer(answer)}`)
    }
    return new RawWebSocket(socket, answer.rest)
  }

  /** Opens and presents the secret; resolves once the server says welcome. */
  static async authenticated(port: number, secret: string): Promise<RawWebSocket> {
    const client = await RawWebSocket.open(port)
    client.sendJson({ type: 'hello', secret })
    await client.waitForMessage((message) => message.type === 'welcome', 'the welcome')
    return client
  }

  send(frame: FrameSpec | Buffer): boolean {
    if (this.socket.destroyed) return false
    return this.socket.write(Buffer.isBuffer(frame) ? frame : encodeFrame(frame))
  }

  sendJson(message: unknown): boolean {
    return this.send({ opcode: OPCODE.text, payload: JSON.stringify(message) })
  }

  /** The text frames received, parsed as JSON. */
  get messages(): Record<string, unknown>[] {
    return this.frames.filter((frame) => frame.opcode === OPCODE.text).map((frame) => JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>)
  }

  /** The code of the server's close frame, if it sent one. */
  get closeCode(): number | undefined {
    const close = this.frames.find((frame) => frame.opcode === OPCODE.close)
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined
  }

  waitForMessage(match: (message: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
    return waitFor(() => this.messages.find(match), what, { describe: () => JSON.stringify(this.messages).slice(0, 500) })
  }

  /** Waits until the server has closed the TCP connection. */
  waitForClose(what = 'the server to close the connection'): Promise<true> {
    return waitFor(() => this.closed, what, { describe: () => `close code ${this.closeCode}` })
  }

  destroy(): void {
    this.socket.destroy()
  }

  private take(chunk: Buffer): void {
    const { frames, rest } = readFrames(Buffer.concat([this.pending, chunk]))
    this.frames.push(...frames)
    this.pending = rest
  }
}

export function describeAnswer(answer: RawAnswer): string {
  return answer.status === undefined ? `no HTTP answer (${JSON.stringify(answer.head.slice(0, 200))})` : answer.head.split('\r\n')[0] ?? ''
}
