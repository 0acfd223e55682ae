import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from '../core/log'
import { peerOf } from './peer'
import type { RefusalLog } from './refusal-log'
import { checkRequest } from './request-guard'
import { answerOnSocket, SECURITY_HEADERS } from './security-headers'
import { answer, serveStatic } from './static-files'
import { watchSocket } from './watch-socket'

export interface HttpContext {
  rendererDir: string
  log: Logger
  refusals: RefusalLog
  /** The port we listen on (known once listening), for the Host check. */
  port: () => number
}

/**
 * Everything a plain HTTP request can meet: the page's files, or an error answer. Whatever the
 * request line or the headers hold, the answer carries the security headers, and nothing throws.
 */
export function attachHttpHandlers(server: Server, context: HttpContext): void {
  const { refusals } = context
  const handleRequest = (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
    const verdict = checkRequest(request, context.port())
    if (!verdict.ok) {
      refusals.write(`Refused a browser-mode request from ${peerOf(request.socket)}: ${verdict.reason}.`)
      answer(response, verdict.status)
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      answer(response, 405, { Allow: 'GET, HEAD' })
      return
    }
    serveStatic(context.rendererDir, verdict.pathname, request.method === 'HEAD', response).catch((error: unknown) => {
      context.log.error('Browser mode could not serve a file', error)
      answer(response, 500)
    })
  }

  server.on('request', handleRequest)
  // Nothing here reads a body, so there is nothing to continue: answer at once (Node's automatic
  // "100 Continue" would be an answer without the headers).
  server.on('checkContinue', handleRequest)
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
    answer(response, 417)
  })
  // Without a listener Node drops a CONNECT without a word.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    watchSocket(socket, peerOf(request.socket), refusals)
    answerOnSocket(socket, 405, { Allow: 'GET, HEAD' })
  })
  // A request Node could not parse (or that took too long), answered by us so it has the headers.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    refusals.write(`Refused a malformed request from ${peerOf(socket)}: ${error.code ?? error.message}.`)
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
    answerOnSocket(socket, status)
  })
}
