import { connect, createServer, type Socket } from 'node:net'
import { listenOnLoopback } from './listen'

export interface HoldingRelay {
  readonly port: number
  /** From now on, reads what clients send but passes none of it on. */
  hold(): void
  /** Bytes from clients that the relay has read but not passed on. */
  held(): number
  /** Passes on what it held, and everything after. */
  release(): void
  close(): Promise<void>
}

/**
 * A TCP relay that, while holding, reads what the client sends but passes none of it on: from the
 * client's side, a server that has stopped taking data (a congested link, a host too busy to read)
 * while the connection stays up. What the server sends reaches the client throughout.
 */
export async function startHoldingRelay(targetPort: number): Promise<HoldingRelay> {
  const sockets = new Set<Socket>()
  const waiting: Array<{ upstream: Socket; chunks: Buffer[] }> = []
  let holding = false
  let heldBytes = 0
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    const queue = { upstream, chunks: [] as Buffer[] }
    waiting.push(queue)
    const cut = (): void => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', cut).on('close', cut)
    upstream.on('error', cut).on('close', cut)
    client.on('data', (chunk: Buffer) => {
      if (!holding) {
        upstream.write(chunk)
        return
      }
      queue.chunks.push(chunk)
      heldBytes += chunk.length
    })
    upstream.pipe(client)
  })
  const port = await listenOnLoopback(server)
  return {
    port,
    hold() {
      holding = true
    },
    held: () => heldBytes,
    release() {
      holding = false
      for (const { upstream, chunks } of waiting) for (const chunk of chunks.splice(0)) upstream.write(chunk)
      heldBytes = 0
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
