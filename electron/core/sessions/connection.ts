import { connect as tcpConnect, type Socket } from 'node:net'
import { Client, type AuthHandlerMiddleware, type ClientChannel, type ConnectConfig, type HostVerifier } from 'ssh2'
import type { SshError } from './connect-errors'

export interface ConnectionOptions {
  host: string
  port: number
  /** The tmate token: tmate reads the session from the SSH user name. */
  username: string
  cols: number
  rows: number
  /** Decides on the server's key; may take as long as the user needs to answer. */
  verifyHost: (keyBlob: Buffer) => Promise<boolean>
  authHandler: AuthHandlerMiddleware
  readyTimeoutMs: number
  keepalive: KeepaliveOptions
  onData: (chunk: Buffer) => void
  /** The shell channel is open. */
  onShell: () => void
}

/**
 * SSH keepalives: ssh2 asks the server for an answer every `intervalMs` and gives the connection up
 * once `countMax` asks in a row went unanswered. A server that answers nothing for `intervalMs +
 * answerGraceMs` has missed one: the session says it is not responding long before it gives up.
 */
export interface KeepaliveOptions {
  intervalMs: number
  countMax: number
  answerGraceMs: number
}

/**
 * Every 3 s, so an answer missing shows within about 5 s (the keys typed into a dead connection are
 * what is lost meanwhile); given up after 8 missed (about 27 s), since a server that stays silent
 * that long is paused or gone, and a new connection is the quickest way back.
 */
export const DEFAULT_KEEPALIVE: KeepaliveOptions = { intervalMs: 3000, countMax: 8, answerGraceMs: 2000 }

export interface ConnectionClosed {
  /** The first error that explains the close (agent trouble is not one: other keys follow). */
  error: SshError | undefined
  shellOpened: boolean
}

/**
 * One SSH connection to a tmate server: a PTY shell and nothing else (tmate refuses exec and a
 * second channel). The TERM sent is ignored by tmate; the
 * output is always screen-256color and UTF-8.
 */
export class SshConnection {
  readonly closed: Promise<ConnectionClosed>
  private readonly client = new Client()
  private channel: ClientChannel | undefined
  private error: SshError | undefined
  private isClosed = false
  private paused = false
  private socket: Socket | undefined
  private lastReceived = Date.now()
  private lastDrained = 0
  private readonly drainWaiters = new Set<() => void>()
  private resolveClosed: (info: ConnectionClosed) => void = () => undefined
  private size: { cols: number; rows: number }

  constructor(private readonly options: ConnectionOptions) {
    this.size = { cols: options.cols, rows: options.rows }
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve
    })
  }

  start(): void {
    const { options } = this
    const hostVerifier: HostVerifier = (key, verify) => {
      options.verifyHost(key).then(
        (ok) => {
          // A connection that died while the user thought has nothing left to verify.
          if (!this.isClosed) verify(ok)
        },
        () => {
          if (!this.isClosed) verify(false)
        },
      )
    }
    const config: ConnectConfig = {
      host: options.host,
      port: options.port,
      username: options.username,
      hostVerifier,
      authHandler: options.authHandler,
      readyTimeout: options.readyTimeoutMs,
      keepaliveInterval: options.keepalive.intervalMs,
      keepaliveCountMax: options.keepalive.countMax,
    }
    this.client.on('ready', () => this.openShell())
    this.client.on('error', (error: SshError) => {
      if (error.level === 'agent') return
      this.error ??= error
    })
    this.client.on('close', () => this.finish())
    try {
      // Our own socket, so that any byte from the server (a keepalive's answer included, which
      // ssh2 does not report) shows the server is alive, and a silent one can be cut at once.
      const socket = tcpConnect({ host: options.host, port: options.port })
      this.socket = socket
      socket.on('data', () => {
        this.lastReceived = Date.now()
      })
      // Keys go out one small packet at a time: Nagle's algorithm would hold one back while an
      // earlier packet waits for its ACK. OpenSSH sets TCP_NODELAY for interactive sessions too.
      socket.setNoDelay(true)
      this.client.connect({ ...config, sock: socket })
    } catch (error) {
      this.error ??= error instanceof Error ? error : new Error(String(error))
      this.finish()
    }
  }

  /**
   * Resolves once ssh2 has room for more: its channel buffers up to 2 MiB beyond what the server's
   * window lets out, and past that (`write` returns false) a caller that waits for 'drain' holds
   * back the rest of a big paste instead of piling it up in memory. A connection that closes
   * meanwhile releases the waiter.
   */
  write(data: string): Promise<void> {
    const channel = this.channel
    if (this.isClosed || !channel?.writable || channel.write(data)) return Promise.resolve()
    return new Promise((resolve) => {
      const done = (): void => {
        channel.off('drain', done)
        this.drainWaiters.delete(done)
        this.lastDrained = Date.now()
        resolve()
      }
      channel.once('drain', done)
      this.drainWaiters.add(done)
    })
  }

  /**
   * The terminal's size. Before the shell channel is open (the host key asked about, the login
   * under way) it is kept, and the terminal is asked for at that size: a size dropped then would
   * leave tmux drawing for another screen than the one Shipmate reads.
   */
  setWindow(cols: number, rows: number): void {
    this.size = { cols, rows }
    this.channel?.setWindow(rows, cols, 0, 0)
  }

  pause(): void {
    this.paused = true
    this.channel?.pause()
  }

  resume(): void {
    this.paused = false
    this.channel?.resume()
  }

  end(): void {
    this.client.end()
  }

  /** Drops the connection without a word to the server: for one that stopped answering. */
  destroy(): void {
    this.socket?.destroy()
    this.client.end()
  }

  /** Since when nothing at all has come from the server (ms since the epoch). */
  get lastReceivedAt(): number {
    return this.lastReceived
  }

  /**
   * Since when the server has given no sign of life: no data, and no room made for a paste. Behind
   * a paste the server is still taking, a keepalive's answer waits its turn: that is no silence.
   */
  get quietSince(): number | undefined {
    return this.drainWaiters.size > 0 ? undefined : Math.max(this.lastReceived, this.lastDrained)
  }

  private openShell(): void {
    const { cols, rows } = this.size
    this.client.shell({ term: 'xterm-256color', cols, rows }, (error, channel) => {
      if (error) {
        this.error ??= Object.assign(new Error(`the server refused a terminal (${error.message})`), { level: 'protocol' })
        this.client.end()
        return
      }
      this.channel = channel
      // Resized while the terminal was being asked for.
      if (this.size.cols !== cols || this.size.rows !== rows) channel.setWindow(this.size.rows, this.size.cols, 0, 0)
      channel.on('data', (chunk: Buffer) => this.options.onData(chunk))
      channel.stderr.on('data', (chunk: Buffer) => this.options.onData(chunk))
      // tmate ends the whole connection with its viewer; make sure the client follows the channel.
      channel.on('close', () => this.client.end())
      if (this.paused) channel.pause()
      this.options.onShell()
    })
  }

  private finish(): void {
    if (this.isClosed) return
    this.isClosed = true
    for (const release of [...this.drainWaiters]) release()
    this.resolveClosed({ error: this.error, shellOpened: this.channel !== undefined })
  }
}
