import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { WIRE_PATH } from '@shared/wire'
import type { Core } from '../core/create-core'
import { UserError } from '../core/errors'
import type { Logger } from '../core/log'
import { runSocketSession } from './socket-session'
import { serveStatic } from './static-files'

export interface WebHostOptions {
  core: Core
  rendererDir: string
  log: Logger
  /** 0 picks a free port. */
  port: number
  secret?: string
}

export interface WebHost {
  port: number
  secret: string
  /** The address to open, secret in the fragment so it never reaches a server log or a Referer. */
  url: string
  close(): Promise<void>
}

/** Browser mode: the renderer and the core's API over a WebSocket, on the loopback address only. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url')
  const server = createServer((request, response) => {
    void serveStatic(options.rendererDir, request, response)
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  let port = options.port

  server.on('upgrade', (request, socket, head) => {
    const origin = request.headers.origin
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (path !== WIRE_PATH || !isOwnOrigin(origin, port)) {
      options.log.warn(`Refused a browser-mode connection from origin ${origin ?? '(none)'} to ${path}.`)
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => runSocketSession(ws, options.core, secret, options.log, peerOf(request)))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`Port ${options.port} is already in use; choose another with --port.`, 'port_in_use')
          : error,
      )
    })
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    secret,
    url: `http://127.0.0.1:${port}/#secret=${secret}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}

function peerOf(request: IncomingMessage): string {
  return `${request.socket.remoteAddress ?? 'unknown'}:${request.socket.remotePort ?? '?'}`
}
