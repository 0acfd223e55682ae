import { EventEmitter } from 'node:events'
import { write } from 'node:fs'

/**
 * Writes to a pty master fd with a visible queue length. node-pty's own write() queues without
 * limit and never says when the kernel buffer has room again, so a viewer pasting 64 MiB would be
 * held in memory; with this writer the SSH channel is paused while `pending` is high and resumed
 * on 'drain', and the client's SSH window does the rest.
 */
export class FdWriter extends EventEmitter {
  private readonly queue: Buffer[] = []
  private offset = 0
  private writing = false
  private closed = false
  pending = 0

  constructor(private readonly fd: number) {
    super()
  }

  write(data: Buffer): void {
    if (this.closed || data.length === 0) return
    this.queue.push(data)
    this.pending += data.length
    if (!this.writing) this.flush()
  }

  close(): void {
    this.closed = true
    this.queue.length = 0
    this.pending = 0
  }

  private flush(): void {
    const head = this.queue[0]
    if (this.closed || head === undefined) {
      this.writing = false
      this.emit('drain')
      return
    }
    this.writing = true
    write(this.fd, head, this.offset, head.length - this.offset, null, (error, written) => {
      if (this.closed) return
      if (error) {
        // The master fd is non-blocking: EAGAIN means the pty is full, so wait for the reader.
        if (error.code === 'EAGAIN') {
          setTimeout(() => this.flush(), 1)
          return
        }
        this.close()
        this.writing = false
        return
      }
      this.offset += written
      this.pending -= written
      if (this.offset >= head.length) {
        this.queue.shift()
        this.offset = 0
      }
      this.flush()
    })
  }
}
