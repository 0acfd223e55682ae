import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { MAX_FRAME_BYTES } from '@shared/wire'
import type { Core } from '../core/create-core'
import { UserError } from '../core/errors'
import type { Logger } from '../core/log'
import { attachHttpHandlers } from './http-handlers'
import { createRefusalLog, type RefusalLimit } from './refusal-log'
import { attachUpgradeHandler } from './upgrade-handler'

export interface WebHostOptions {
  core: Core
  rendererDir: string
  log: Logger
  /** 0 picks a free port. */
  port: number
  secret?: string
  /** How many refusal lines the log takes per interval; the default suits a user's terminal. */
  refusalLimit?: RefusalLimit
}

export interface WebHost {
  port: number
  secret: string
  /** The address to open, secret in the fragment so it never reaches a server log or a Referer. */
  url: string
  close(): Promise<void>
}

/**
 * Browser mode: the renderer and the core's API over a WebSocket, on the loopback address only.
 * Any web page the user visits can send requests here, so nothing a request or a frame contains
 * may throw out of a handler: every request gets an answer, every socket has an error handler.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url')
  const refusals = createRefusalLog(options.log, options.refusalLimit)
  let port = options.port
  const currentPort = () => port

  // Node's own answer to a missing Host would go out without the security headers; ours has them.
  const server = createServer({ requireHostHeader: false })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false })
  attachHttpHandlers(server, { rendererDir: options.rendererDir, log: options.log, refusals, port: currentPort })
  attachUpgradeHandler(server, sockets, { core: options.core, secret, log: options.log, refusals, port: currentPort })

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
  // Once listening, an accept failure (out of file descriptors, say) is an 'error' on the server.
  server.on('error', (error: NodeJS.ErrnoException) => refusals.write(`Browser mode could not accept a connection: ${error.code ?? error.message}.`))
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
      refusals.flush()
    },
  }
}
