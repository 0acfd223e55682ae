import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'

/** The same policy as the Electron window's meta tag, sent as a header too. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

/**
 * On every answer, errors included: an error page is a page too, and a browser must not sniff it
 * into script, cache it, frame it or tell another site where it came from.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
}

/** The short text body of an error answer: its status, nothing of the request. */
export function statusText(status: number): string {
  return `${STATUS_CODES[status] ?? 'Error'}\n`
}

/**
 * Answers on a bare socket, where Node gives no ServerResponse (a refused upgrade, a request it
 * could not parse), then closes it once the answer is out.
 */
export function answerOnSocket(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = statusText(status)
  const lines = Object.entries({
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...headers,
  }).map(([name, value]) => `${name}: ${value}\r\n`)
  socket.once('finish', () => socket.destroy())
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.join('')}\r\n${body}`)
}
