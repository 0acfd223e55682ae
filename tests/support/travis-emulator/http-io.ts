// Replies as data, and the two places they meet Node's http: reading a body, writing a reply.
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

/** v3 bodies are pretty-printed JSON (Ruby's JSON.pretty_generate has the same layout). */
export function jsonReply(status: number, payload: unknown, contentType = 'application/json'): Reply {
  return { status, headers: { 'Content-Type': contentType }, body: JSON.stringify(payload, null, 2) }
}

export function textReply(status: number, text: string, contentType = 'text/plain'): Reply {
  return { status, headers: { 'Content-Type': contentType }, body: text }
}

export function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } }
}

const MAX_BODY = 1024 * 1024

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8')
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) })
  res.end(body)
}
