import { connect, type Socket } from 'node:net'

/** What came back on a raw connection: the status line and headers, or nothing at all. */
export interface RawAnswer {
  /** Undefined when the server closed (or the wait ended) without an HTTP answer. */
  status: number | undefined
  head: string
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>
  /** Bytes after the header block (a body start, or WebSocket frames after a 101). */
  rest: Buffer
}

/**
 * Sends bytes exactly as given (nothing normalises the request line, the path or the headers, as
 * fetch and http.request would) and reads up to the end of the answer's header block. The wait is a
 * deadline for an answer, not a sleep: it ends as soon as the header block or the close arrives.
 */
export async function rawExchange(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  const { socket, answer } = await rawConnect(port, request, timeoutMs)
  socket.destroy()
  return answer
}

/** As rawExchange, but leaves the connection open (for a WebSocket after its 101). */
export function rawConnect(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<{ socket: Socket; answer: RawAnswer }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let settled = false
    const finish = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.off('data', onData)
      resolve({ socket, answer: parseAnswer(received) })
    }
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      if (received.includes('\r\n\r\n')) finish()
    }
    const timer = setTimeout(finish, timeoutMs)
    let connected = false
    socket.on('data', onData)
    socket.on('close', finish)
    socket.on('error', (error) => {
      // Refused before connecting means no server; a reset after is an answer of sorts (or a death).
      if (connected) finish()
      else if (!settled) {
        settled = true
        clearTimeout(timer)
        reject(error)
      }
    })
    socket.once('connect', () => {
      connected = true
      socket.write(request)
    })
  })
}

function parseAnswer(received: Buffer): RawAnswer {
  const end = received.indexOf('\r\n\r\n')
  if (end < 0) return { status: undefined, head: received.toString('latin1'), headers: {}, rest: Buffer.alloc(0) }
  const head = received.subarray(0, end).toString('latin1')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  return { status: status === undefined ? undefined : Number(status), head, headers, rest: received.subarray(end + 4) }
}

/** A request written out by hand; `headers` in order, as given, so tests can send odd ones. */
export function rawRequest(requestLine: string, headers: [string, string][] = [], body = ''): string {
  return `${requestLine}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`
}

/** The four headers every answer of browser mode must carry, whatever its status. */
export const SECURITY_HEADER_NAMES = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cache-control'] as const

export function missingSecurityHeaders(answer: RawAnswer): string[] {
  return SECURITY_HEADER_NAMES.filter((name) => answer.headers[name] === undefined)
}
