import { connect, createServer, type Socket } from 'node:net'
import { listenOnLoopback } from './listen'

export interface StallingProxy {
  readonly port: number
  /**
   * From now on the connections open now carry nothing either way and stay open on the server's
   * side even when the client gives up: a server that stopped answering (paused, or the network
   * path to it gone) and has not noticed yet that its client left. New connections work.
   */
  stall(): void
  /** Connections stalled and still open towards the server: the host still counts them. */
  stalled(): number
  /** Closes the stalled connections towards the server, as its own timeout finally would. */
  cutStalled(): void
  /** Connections open and not stalled. */
  connections(): number
  close(): Promise<void>
}

interface Pair {
  client: Socket
  upstream: Socket
  stalled: boolean
}

/**
 * A TCP relay on 127.0.0.1 in front of another local port that can go silent without closing: the
 * tmate simulator cannot stop answering one viewer while it keeps its session going, and a closed
 * socket would tell both ends at once, which is just what a silent server does not do.
 */
export async function startStallingProxy(targetPort: number): Promise<StallingProxy> {
  const pairs = new Set<Pair>()
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    const pair: Pair = { client, upstream, stalled: false }
    pairs.add(pair)
    client.on('data', (chunk: Buffer) => {
      if (!pair.stalled) upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.stalled) client.write(chunk)
    })
    // A stalled pair keeps its server side open whatever the client does: that is the point.
    const clientGone = (): void => {
      client.destroy()
      if (pair.stalled) return
      upstream.destroy()
      pairs.delete(pair)
    }
    const upstreamGone = (): void => {
      upstream.destroy()
      pairs.delete(pair)
      if (!pair.stalled) client.destroy()
    }
    client.on('error', clientGone).on('close', clientGone)
    upstream.on('error', upstreamGone).on('close', upstreamGone)
  })
  const port = await listenOnLoopback(server)
  return {
    port,
    stall() {
      for (const pair of pairs) pair.stalled = true
    },
    stalled: () => [...pairs].filter((pair) => pair.stalled).length,
    cutStalled() {
      for (const pair of [...pairs]) {
        if (!pair.stalled) continue
        pairs.delete(pair)
        pair.upstream.destroy()
        pair.client.destroy()
      }
    },
    connections: () => [...pairs].filter((pair) => !pair.stalled).length,
    close() {
      for (const pair of pairs) {
        pair.client.destroy()
        pair.upstream.destroy()
      }
      pairs.clear()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
