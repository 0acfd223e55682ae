import type { EventEmitter } from 'node:events'
import type { IPty } from 'node-pty'

/**
 * node-pty rethrows a read error of its pty other than EIO (an ECONNRESET when the program on the
 * other side is killed mid-write) from inside its socket's error handler, unless the terminal has
 * at least two 'error' listeners; thrown there, it fails whichever test is running. The test
 * clients' ptys are thrown away when they end, so their read errors are dropped here.
 */
export function dropPtyReadErrors(pty: IPty): void {
  const terminal = pty as unknown as EventEmitter
  const drop = (): void => undefined
  // Two, as node-pty counts them (`listeners('error').length < 2` rethrows).
  terminal.on('error', drop)
  terminal.on('error', () => undefined)
}
