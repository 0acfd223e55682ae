import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { Server as SshServer } from 'ssh2'
import { serveConnection, type SessionLookup } from './connection'
import { HOST_KEY_A, HOST_KEY_B, hostKeyFingerprint } from './host-keys'

/** Clients must authenticate and open their shell within this time (TMATE_SSH_GRACE_PERIOD). */
const GRACE_PERIOD_MS = 20_000

/**
 * The listening side. Sockets are accepted here and handed to an ssh2 Server, rather than letting
 * ssh2 listen, so the host key can be swapped (a new ssh2 Server per key) while the port and the
 * live connections stay, and so each connection's raw socket is at hand for tmate's abrupt close.
 */
export class SshListener {
  private readonly net: NetServer
  private readonly sockets = new Set<Socket>()
  /** Raw sockets by remote address, until ssh2 reports the connection they carry. */
  private readonly unclaimed = new Map<string, { socket: Socket; cancelGrace: () => void }>()
  private ssh: SshServer
  private hostKey: string

  constructor(
    private readonly lookup: SessionLookup,
    hostKey: string = HOST_KEY_A,
  ) {
    this.hostKey = hostKey
    this.ssh = this.sshServer(hostKey)
    this.net = createServer((socket) => this.accept(socket))
  }

  get fingerprint(): string {
    return hostKeyFingerprint(this.hostKey)
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.net.once('error', reject)
      this.net.listen(port, '127.0.0.1', () => {
        this.net.off('error', reject)
        const address = this.net.address()
        if (address === null || typeof address === 'string') reject(new Error('no TCP address'))
        else resolve(address.port)
      })
    })
  }

  /** New connections get `privateKey` (default: the other built-in key); live ones keep theirs. */
  rotateHostKey(privateKey?: string): string {
    this.hostKey = privateKey ?? (this.hostKey === HOST_KEY_A ? HOST_KEY_B : HOST_KEY_A)
    this.ssh = this.sshServer(this.hostKey)
    return this.fingerprint
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    return new Promise((resolve) => this.net.close(() => resolve()))
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket)
    const key = `${socket.remoteAddress}:${socket.remotePort}`
    const grace = setTimeout(() => socket.destroy(), GRACE_PERIOD_MS)
    this.unclaimed.set(key, { socket, cancelGrace: () => clearTimeout(grace) })
    socket.once('close', () => {
      clearTimeout(grace)
      this.sockets.delete(socket)
      this.unclaimed.delete(key)
    })
    socket.on('error', () => {
      // A reset from the client; 'close' follows.
    })
    this.ssh.injectSocket(socket)
  }

  private sshServer(hostKey: string): SshServer {
    return new SshServer(
      {
        hostKeys: [hostKey],
        ident: 'tmate',
        algorithms: { compress: ['none', 'zlib@openssh.com'] },
      },
      (client, info) => {
        const key = `${info.ip}:${info.port}`
        const context = this.unclaimed.get(key)
        this.unclaimed.delete(key)
        if (context === undefined) {
          client.end()
          return
        }
        serveConnection(client, context, this.lookup)
      },
    )
  }
}
