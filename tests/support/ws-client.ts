import WebSocket from 'ws'
import type { ServerMessage } from '@shared/wire'

/** A raw browser-mode client for tests: speaks the wire protocol without the renderer. */
export class WireClient {
  readonly socket: WebSocket
  readonly received: ServerMessage[] = []
  closeCode: number | undefined
  private readonly waiters = new Set<() => void>()

  private constructor(socket: WebSocket) {
    this.socket = socket
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as ServerMessage)
      this.wake()
    })
    socket.on('close', (code) => {
      this.closeCode = code
      this.wake()
    })
  }

  static connect(url: string, origin: string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin })
      socket.once('open', () => resolve(new WireClient(socket)))
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
      socket.once('error', reject)
    })
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** Waits until a received message (or the close) satisfies the predicate. */
  async waitFor<T>(pick: (client: WireClient) => T | undefined, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = pick(this)
      if (found !== undefined) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out; received ${JSON.stringify(this.received)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.add(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  reply(id: number) {
    return this.waitFor((client) => client.received.find((message) => message.type === 'reply' && message.id === id))
  }

  close(): void {
    this.socket.close()
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter()
    this.waiters.clear()
  }
}
