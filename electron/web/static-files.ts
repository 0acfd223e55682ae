import { readFile, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { statusText } from './security-headers'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/**
 * Serves the built renderer for an already decoded path (see request-guard.ts). Anything outside
 * its folder is a 404, whatever the path says. Never rejects: a failure is an answer.
 */
export async function serveStatic(root: string, pathname: string, head: boolean, response: ServerResponse): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1)
  const file = normalize(join(root, relative))
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    answer(response, 404)
    return
  }
  let body: Buffer
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error('not a file')
    body = await readFile(file)
  } catch {
    answer(response, 404)
    return
  }
  response.writeHead(200, { 'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length })
  response.end(head ? undefined : body)
}

/** An error answer with a short text body; the headers set on the response so far go with it. */
export function answer(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy()
    return
  }
  const body = statusText(status)
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) })
  response.end(body)
}
