import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocketServer } from 'ws'
import { echoInput } from '@shared/echo-input'
import { WIRE_PATH } from '@shared/wire'
import type { Core } from '../core/create-core'
import type { Logger } from '../core/log'
import { peerOf } from './peer'
import type { RefusalLog } from './refusal-log'
import { checkRequest, isOwnOrigin } from './request-guard'
import { answerOnSocket, SECURITY_HEADERS } from './security-headers'
import { runSocketSession } from './socket-session'
import { watchSocket } from './watch-socket'

export interface UpgradeContext {
  core: Core
  secret: string
  log: Logger
  refusals: RefusalLog
  port: () => number
}

/**
 * The WebSocket's front door: our own Host, the API path, our own Origin, a well-formed handshake;
 * anything else is answered (with the security headers) and closed before a WebSocket exists.
 */
export function attachUpgradeHandler(server: Server, sockets: WebSocketServer, context: UpgradeContext): void {
  const { refusals } = context
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const peer = peerOf(request.socket)
    const unwatch = watchSocket(socket, peer, refusals)
    const refuse = (status: number, why: string) => {
      refusals.write(`Refused a browser-mode connection from ${peer}: ${why}.`)
      answerOnSocket(socket, status)
    }
    const verdict = checkRequest(request, context.port())
    if (!verdict.ok) return refuse(verdict.status, verdict.reason)
    if (verdict.pathname !== WIRE_PATH) return refuse(404, `no WebSocket at ${echoInput(verdict.pathname)}`)
    const origin = request.headers.origin
    if (!isOwnOrigin(origin, context.port())) return refuse(403, `origin ${echoInput(origin ?? '(none)')}`)
    sockets.handleUpgrade(request, socket, head, (ws) => {
      unwatch()
      runSocketSession(ws, { core: context.core, secret: context.secret, log: context.log, refusals, peer })
    })
  })
  // The handshake itself was wrong (not GET, no key, an unknown version): ws leaves the answer to us.
  sockets.on('wsClientError', (error: Error, socket: Duplex, request: IncomingMessage) => {
    refusals.write(`Refused a browser-mode connection from ${peerOf(request.socket)}: ${error.message}.`)
    if (request.method !== 'GET') answerOnSocket(socket, 405, { Allow: 'GET' })
    else answerOnSocket(socket, 400, { 'Sec-WebSocket-Version': '13' })
  })
  sockets.on('headers', (headers: string[]) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.push(`${name}: ${value}`)
  })
}
