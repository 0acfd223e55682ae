import { Client, type ClientChannel, type ConnectConfig } from 'ssh2'
import { fingerprintOfBlob } from './host-keys'
import { Screen } from './screen'

export interface Ssh2ViewerOptions {
  port: number
  token: string
  cols?: number
  rows?: number
  /** Only for publickey-only sessions; otherwise the viewer offers just `none`, like the app. */
  privateKey?: string
  /** Skip pty-req (`ssh -T`): the server then draws at 80x24. */
  noPty?: boolean
}

export interface ConnectionEnd {
  /** exit-status or exit-signal, if the server sent one (tmate never does). */
  exit: unknown[] | undefined
}

/** A test viewer: ssh2 client + headless terminal, connected the way the app connects. */
export class Ssh2Viewer {
  readonly screen: Screen
  /** SHA256 fingerprint of the host key the server presented. */
  hostKeyFingerprint = ''
  /** The last bytes received (the whole stream is not kept: some tests push megabytes). */
  tail = Buffer.alloc(0)
  received = 0
  readonly closed: Promise<ConnectionEnd>
  private exit: unknown[] | undefined
  private resolveClosed: (end: ConnectionEnd) => void = () => undefined

  private constructor(
    readonly client: Client,
    readonly stream: ClientChannel,
    cols: number,
    rows: number,
  ) {
    this.screen = new Screen(cols, rows, (data) => {
      if (stream.writable) stream.write(data)
    })
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve
    })
    stream.on('data', (data: Buffer) => this.receive(data))
    stream.stderr.on('data', (data: Buffer) => this.receive(data))
    stream.on('exit', (...args: unknown[]) => {
      this.exit = args
    })
    stream.on('close', () => this.resolveClosed({ exit: this.exit }))
    client.on('close', () => this.resolveClosed({ exit: this.exit }))
  }

  static async connect(options: Ssh2ViewerOptions): Promise<Ssh2Viewer> {
    const cols = options.cols ?? 120
    const rows = options.rows ?? 32
    const client = new Client()
    let fingerprint = ''
    const config: ConnectConfig = {
      host: '127.0.0.1',
      port: options.port,
      username: options.token,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => {
        fingerprint = fingerprintOfBlob(key)
        return true
      },
      ...(options.privateKey === undefined ? { authHandler: ['none'] } : { privateKey: options.privateKey }),
    }
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve())
      client.once('error', reject)
      client.connect(config)
    })
    const stream = await new Promise<ClientChannel>((resolve, reject) => {
      const done = (error: Error | undefined, channel: ClientChannel): void => (error ? reject(error) : resolve(channel))
      if (options.noPty) client.shell(false, done)
      else client.shell({ cols, rows, term: 'xterm-256color' }, done)
    })
    const viewer = new Ssh2Viewer(client, stream, options.noPty ? 80 : cols, options.noPty ? 24 : rows)
    viewer.hostKeyFingerprint = fingerprint
    return viewer
  }

  send(keys: string): void {
    this.stream.write(keys)
  }

  resize(cols: number, rows: number): void {
    this.stream.setWindow(rows, cols, 0, 0)
    this.screen.resize(cols, rows)
  }

  /** Leaves tmate's start-up message view and waits for the shell. */
  async pressQ(): Promise<void> {
    await this.screen.waitForLastRow(/^0:\[tmux\]\*/)
    this.send('q')
    await this.screen.waitForLastRow(/^0:bash\*/)
  }

  close(): void {
    this.client.end()
  }

  private receive(data: Buffer): void {
    this.received += data.length
    this.tail = Buffer.concat([this.tail, data]).subarray(-4096)
    this.screen.write(data)
  }
}
