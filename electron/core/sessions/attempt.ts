import { StringDecoder } from 'node:string_decoder'
import type { AuthHandlerMiddleware } from 'ssh2'
import { SshConnection, type ConnectionClosed, type KeepaliveOptions } from './connection'
import { StreamRewriter } from './stream-rewriter'
import type { SessionTarget } from './types'

/** A server that never draws tmux's screen still counts as connected after this long. */
const START_FALLBACK_MS = 2000

export interface AttemptOptions {
  target: SessionTarget
  cols: number
  rows: number
  readyTimeoutMs: number
  keepalive: KeepaliveOptions
  authHandler: AuthHandlerMiddleware
  verifyHost: (keyBlob: Buffer) => Promise<boolean>
  /** The live connection (for input, resize, flow control), and undefined once it is gone. */
  bind: (connection: SshConnection | undefined) => void
  /** Bytes as they came off the channel. */
  received: (bytes: number) => void
  /** Decoded, masked text, in order. */
  output: (text: string) => void
  /** tmux started drawing: the session is on screen. */
  started: () => void
}

export interface AttemptResult {
  closed: ConnectionClosed
  stream: StreamRewriter
  /** The session was on screen at some point of this connection. */
  started: boolean
}

/**
 * One connection, from connect to close: output decoded as UTF-8 across reads (a character may
 * be split between two), rewritten (token masked, last screen kept), and handed on in order.
 */
export async function attemptConnection(options: AttemptOptions): Promise<AttemptResult> {
  const stream = new StreamRewriter(options.target.token)
  const decoder = new StringDecoder('utf8')
  let holdTimer: NodeJS.Timeout | undefined
  let startTimer: NodeJS.Timeout | undefined
  let started = false
  const markStarted = (): void => {
    if (started) return
    started = true
    clearTimeout(startTimer)
    options.started()
  }
  const take = (text: string): void => {
    options.output(text)
    if (stream.started) markStarted()
  }
  const connection = new SshConnection({
    host: options.target.host,
    port: options.target.port,
    username: options.target.token,
    cols: options.cols,
    rows: options.rows,
    verifyHost: options.verifyHost,
    authHandler: options.authHandler,
    readyTimeoutMs: options.readyTimeoutMs,
    keepalive: options.keepalive,
    onData: (chunk) => {
      options.received(chunk.length)
      clearTimeout(holdTimer)
      take(stream.push(decoder.write(chunk)))
      if (stream.holdMs > 0) holdTimer = setTimeout(() => take(stream.flush()), stream.holdMs)
    },
    onShell: () => {
      startTimer = setTimeout(markStarted, START_FALLBACK_MS)
    },
  })
  options.bind(connection)
  connection.start()
  const closed = await connection.closed
  clearTimeout(holdTimer)
  clearTimeout(startTimer)
  take(stream.push(decoder.end()))
  take(stream.flush())
  options.bind(undefined)
  return { closed, stream, started }
}
