import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

/** Who is on the other end of a connection, for log lines: address and port, nothing they sent. */
export function peerOf(socket: Duplex | Socket): string {
  const { remoteAddress, remotePort } = socket as Socket
  return `${remoteAddress ?? 'unknown'}:${remotePort ?? '?'}`
}
