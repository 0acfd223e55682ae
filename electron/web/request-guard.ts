import type { IncomingMessage } from 'node:http'
import { echoInput } from '@shared/echo-input'

export type RequestVerdict = { ok: true; pathname: string } | { ok: false; status: 400 | 421; reason: string }

/**
 * The names browser mode answers to. A page on another name that resolves to 127.0.0.1 (DNS
 * rebinding) sends its own name as Host; answering it would make our page same-origin with theirs.
 */
function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
}

export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin !== undefined && ownHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)
}

/**
 * Decides whether a request is ours to answer and which path it asks for, without throwing on
 * anything a client can put in a request line or a Host header. Query strings are ignored.
 */
export function checkRequest(request: IncomingMessage, port: number): RequestVerdict {
  const hosts = headerValues(request.rawHeaders, 'host')
  if (hosts.length !== 1) return { ok: false, status: 400, reason: hosts.length === 0 ? 'no Host header' : 'more than one Host header' }
  const host = hosts[0] ?? ''
  if (!ownHosts(port).includes(host.toLowerCase())) return { ok: false, status: 421, reason: `Host ${echoInput(host)}` }
  return checkTarget(request.url ?? '', port)
}

function checkTarget(target: string, port: number): RequestVerdict {
  let path: string
  if (target.startsWith('/')) {
    // Not through new URL(): "//x" would be read as a host, not as a path.
    path = target.split('?', 1)[0] ?? ''
  } else if (/^http:\/\//i.test(target)) {
    // The absolute form a proxy sends; its host must be ours as well.
    let url: URL
    try {
      url = new URL(target)
    } catch {
      return { ok: false, status: 400, reason: `unreadable request target ${echoInput(target)}` }
    }
    if (!ownHosts(port).includes(url.host)) return { ok: false, status: 421, reason: `request for ${echoInput(url.host)}` }
    path = url.pathname
  } else {
    return { ok: false, status: 400, reason: `unreadable request target ${echoInput(target)}` }
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(path)
  } catch {
    return { ok: false, status: 400, reason: `path ${echoInput(path)} is not valid percent-encoding` }
  }
  if (pathname.includes('\0')) return { ok: false, status: 400, reason: 'a NUL byte in the path' }
  return { ok: true, pathname }
}

function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name) values.push(rawHeaders[i + 1] ?? '')
  }
  return values
}
