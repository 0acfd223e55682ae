import { createServer, connect, type Socket } from 'node:net'
import { listenOnLoopback } from './listen'

export interface TcpProxy {
  readonly port: number
  /** Cuts every connection at once, both sides, as a network failure would. */
  dropConnections(): void
  /** While refusing, new connections are closed as soon as they arrive. */
  setRefusing(refusing: boolean): void
  connections(): number
  close(): Promise<void>
}

/**
 * A TCP relay on 127.0.0.1 in front of another local port. The tmate simulator has no way to cut
 * a viewer's connection without ending its session; a relay in between can, the way a dropped
 * Wi-Fi or a sleeping laptop does, while the session behind it carries on.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>()
  let refusing = false
  const server = createServer((client) => {
    if (refusing) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    const cut = (): void => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', cut).on('close', cut)
    upstream.on('error', cut).on('close', cut)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  const port = await listenOnLoopback(server)
  return {
    port,
    dropConnections() {
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
      pairs.clear()
    },
    setRefusing(value) {
      refusing = value
    },
    connections: () => pairs.size,
    close() {
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
