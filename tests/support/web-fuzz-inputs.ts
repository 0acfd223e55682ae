import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { OPCODE, closePayload, type FrameSpec } from './ws-frames'

/**
 * Generators for fuzzing browser mode: HTTP requests written byte by byte, and WebSocket
 * conversations with frames a browser would never send. Everything is complete (a declared length
 * is the real one, except lengths over the frame limit), so the server always has enough to answer.
 */

const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array))
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength })
const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,16}$/)

/** `often` in `of` cases (weighted), `other` in the rest: keeps most requests near the real thing. */
function mostly<T>(often: fc.Arbitrary<T>, other: fc.Arbitrary<T>, weight = 12): fc.Arbitrary<T> {
  return fc.oneof({ weight, arbitrary: often }, { weight: 1, arbitrary: other })
}

/** Present in about `percent` of the requests. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: percent, arbitrary }, { weight: 100 - percent, arbitrary: fc.constant(undefined) })
}

function httpRequestParts(port: number) {
  const own = `127.0.0.1:${port}`
  const method = mostly(fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'PRI', 'get', ''), fc.oneof(token, text(12)))
  const segment = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,8}$/),
    fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}){1,4}$/),
    fc.constantFrom('..', '.', '[', ']', '%00', '%2f', '%2e%2e', '?', '#', 'api', 'index.html', '%E0%A4%A', '\\'),
  )
  const target = mostly(
    fc.oneof(
      fc.constantFrom('/', '/index.html', '/api', '/api?x=1', '*', '/%', '//[', 'http://[', `http://${own}/`, 'http://evil.example/', `${own}`, '/..%2f..%2fetc%2fpasswd'),
      fc.array(segment, { maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
      fc.array(segment, { maxLength: 4 }).map((segments) => `//${segments.join('/')}`),
    ),
    text(40),
  )
  const version = mostly(fc.constant('HTTP/1.1'), fc.oneof(fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'http/1.1', ''), text(10)))
  const header = (name: string, values: fc.Arbitrary<string>, percent: number) =>
    sometimes(values.map((value): [string, string] => [name, value]), percent)
  const headers = fc.tuple(
    header('Host', mostly(fc.constantFrom(own, own, `localhost:${port}`, `[::1]:${port}`), fc.oneof(fc.constantFrom('evil.example', `evil.example:${port}`, '127.0.0.1', ''), text(30))), 90),
    header('Origin', mostly(fc.constant(`http://${own}`), fc.oneof(fc.constantFrom('http://evil.example', 'null', ''), text(30))), 50),
    header('Upgrade', mostly(fc.constant('websocket'), fc.oneof(fc.constantFrom('WebSocket', 'h2c', ''), text(12))), 30),
    header('Connection', fc.constantFrom('Upgrade', 'keep-alive', 'close', 'Upgrade, keep-alive', ''), 50),
    header('Sec-WebSocket-Key', mostly(fc.constant(randomBytes(16).toString('base64')), text(30)), 40),
    header('Sec-WebSocket-Version', mostly(fc.constant('13'), fc.oneof(fc.constantFrom('8', '99'), text(5))), 40),
    header('Expect', fc.constantFrom('100-continue', 'the-impossible'), 10),
    fc.array(fc.tuple(mostly(token, text(12)), mostly(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), text(60))), { maxLength: 4 }),
  )
  return {
    method,
    target,
    version,
    headers,
    body: sometimes(text(100), 20),
    eol: mostly(fc.constant('\r\n'), fc.constant('\n')),
    junk: sometimes(bytes(40), 5),
  }
}

/** One HTTP request as raw bytes, from well-formed to nonsense; sometimes with raw non-UTF-8 bytes. */
export function httpRequest(port: number): fc.Arbitrary<Buffer> {
  const parts = httpRequestParts(port)
  return fc
    .record(parts)
    .map(({ method, target, version, headers, body, eol, junk }) => {
      const [host, origin, upgrade, connection, key, wsVersion, expectation, extra] = headers
      const lines = [host, origin, upgrade, connection, key, wsVersion, expectation, ...extra]
        .filter((line): line is [string, string] => line !== undefined)
        .map(([name, value]) => `${name}: ${value}${eol}`)
      if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}${eol}`)
      const head = Buffer.from(`${method} ${target} ${version}${eol}${lines.join('')}${eol}`)
      return Buffer.concat([junk === undefined ? Buffer.alloc(0) : junk, head, Buffer.from(body ?? '')])
    })
}

const safeMethods = ['app.info', 'app.notices', 'accounts.list', 'sessions.list', 'debug.list', 'browse.repos', 'browse.jobs', 'sessions.input', 'sessions.resize', 'sessions.snapshot', 'app.dismissNotice']

/**
 * JSON the page could send. Method names are unknown ones or requests that touch nothing outside
 * the temp data dir (no URL is opened, no account added, no SSH connection made): the fuzz must
 * stay on 127.0.0.1.
 */
const jsonMessage = fc.oneof(
  fc.record({ type: fc.constant('hello'), secret: fc.oneof(text(40), fc.integer()) }),
  fc.record({
    type: fc.constant('request'),
    id: fc.oneof(fc.integer(), fc.double(), text(5)),
    method: fc.oneof(fc.constantFrom(...safeMethods), text(30), fc.string({ unit: 'grapheme-ascii', minLength: 1000, maxLength: 5000 })),
    args: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ sessionId: text(20), data: text(200), accountId: text(20) }, { requiredKeys: [] })),
  }),
  fc.jsonValue({ maxDepth: 3 }),
)

const frame: fc.Arbitrary<FrameSpec> = fc.oneof(
  { weight: 4, arbitrary: jsonMessage.map((message): FrameSpec => ({ opcode: OPCODE.text, payload: JSON.stringify(message) ?? 'null' })) },
  {
    weight: 4,
    arbitrary: fc.record({
      opcode: fc.integer({ min: 0, max: 15 }),
      payload: fc.oneof(bytes(300), text(100).map((value) => Buffer.from(value))),
      fin: fc.boolean(),
      rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
      masked: fc.oneof(fc.constant(true), fc.boolean()),
    }),
  },
  { weight: 1, arbitrary: fc.record({ opcode: fc.integer({ min: 0, max: 15 }), declaredLength: fc.integer({ min: 1024 * 1024 + 1, max: 2 ** 32 }) }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 5000 }), text(30))
      .map(([code, reason]): FrameSpec => ({ opcode: OPCODE.close, payload: closePayload(code, reason) })),
  },
)

export type Hello = 'right' | 'wrong' | 'none'

/** A conversation: maybe the secret first (right or wrong), then up to six frames of any kind. */
export const webSocketConversation = fc.record({
  hello: fc.constantFrom<Hello>('right', 'right', 'wrong', 'none'),
  frames: fc.array(frame, { minLength: 1, maxLength: 6 }),
})
