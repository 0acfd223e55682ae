import type { Duplex } from 'node:stream'
import type { RefusalLog } from './refusal-log'

/**
 * Node hands over upgrade and CONNECT sockets without an error handler, so an error on one (a
 * reset while we answer) would end the process. Until someone else takes the socket over (ws has
 * its own handler), the error is logged once and the socket destroyed. Returns the way to let go.
 */
export function watchSocket(socket: Duplex, peer: string, refusals: RefusalLog): () => void {
  let told = false
  const onError = (error: NodeJS.ErrnoException) => {
    if (!told) refusals.write(`A browser-mode connection from ${peer} failed: ${error.code ?? error.message}.`)
    told = true
    socket.destroy()
  }
  socket.on('error', onError)
  return () => socket.off('error', onError)
}
