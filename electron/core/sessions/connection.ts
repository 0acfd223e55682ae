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
  keepaliveMs: number
  onData: (chunk: Buffer) => void
  /** The shell channel is open. */
  onShell: () => void
}

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
  private readonly drainWaiters = new Set<() => void>()
  private resolveClosed: (info: ConnectionClosed) => void = () => undefined

  constructor(private readonly options: ConnectionOptions) {
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
      keepaliveInterval: options.keepaliveMs,
      keepaliveCountMax: 3,
    }
    this.client.on('ready', () => this.openShell())
    this.client.on('error', (error: SshError) => {
      if (error.level === 'agent') return
      this.error ??= error
    })
    this.client.on('close', () => this.finish())
    try {
      this.client.connect(config)
      // Keys go out one small packet at a time: Nagle's algorithm would hold one back while an
      // earlier packet waits for its ACK. OpenSSH sets TCP_NODELAY for interactive sessions too.
      this.client.setNoDelay(true)
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
        resolve()
      }
      channel.once('drain', done)
      this.drainWaiters.add(done)
    })
  }

  setWindow(cols: number, rows: number): void {
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

  private openShell(): void {
    const { cols, rows } = this.options
    this.client.shell({ term: 'xterm-256color', cols, rows }, (error, channel) => {
      if (error) {
        this.error ??= Object.assign(new Error(`the server refused a terminal (${error.message})`), { level: 'protocol' })
        this.client.end()
        return
      }
      this.channel = channel
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
