import { spawn, type IPty } from 'node-pty'
import { dropPtyReadErrors } from './pty-errors'
import type { ServerChannel } from 'ssh2'
import { ExitLineRewriter } from './exit-line'
import { FdWriter } from './fd-writer'
import { sizeNotice, type WindowGeometry } from './size-notice'

export interface ViewerOptions {
  socketPath: string
  /** tmux session name; tmate's replica calls its only session `default`. */
  sessionName: string
  readOnly: boolean
  /** The client draws UTF-8, as tmate-ssh-server sets for every viewer; false: non-ASCII as `_`. */
  utf8: boolean
  cols: number
  rows: number
  env: NodeJS.ProcessEnv
  cwd: string
  channel: ServerChannel
  /** Current window geometry from a tmux query started no earlier than `since` (ms timestamp). */
  geometry: (since: number) => Promise<WindowGeometry | undefined>
  /** Called once the tmux client has exited and its last bytes have left for the channel. */
  onExit: () => void
}

/** Input queued for the pty beyond this pauses the SSH channel (its window then stops the client). */
const INPUT_HIGH_WATER = 256 * 1024
/** Quiet time after output before the size text may be drawn: tmux has finished its redraw by then. */
const NOTICE_IDLE_MS = 40
/** How long the closing message may wait for a stalled channel before the connection is cut anyway. */
const EXIT_FLUSH_LIMIT_MS = 2000

/**
 * One SSH viewer: a tmux client (`attach`, or `attach` read-only with ignore-size) in a pty,
 * piped both ways to the viewer's channel, as tmate-ssh-server runs one tmux client per viewer.
 */
export class Viewer {
  private readonly pty: IPty
  private readonly writer: FdWriter | undefined
  private readonly exitLine = new ExitLineRewriter()
  private cols: number
  private rows: number
  private closed = false
  private outputCount = 0
  private noticeTimer: NodeJS.Timeout | undefined
  private waitingForDrain = false
  private inputPaused = false
  private resolveExited: () => void = () => undefined
  /** Resolves once the tmux client has exited and `onExit` has run. */
  readonly exited = new Promise<void>((resolve) => {
    this.resolveExited = resolve
  })

  constructor(private readonly options: ViewerOptions) {
    this.cols = options.cols
    this.rows = options.rows
    const flags = options.readOnly ? ['-f', 'read-only,ignore-size'] : []
    this.pty = spawn('tmux', [...(options.utf8 ? ['-u'] : []), '-S', options.socketPath, 'attach-session', '-t', options.sessionName, ...flags], {
      // The viewer process always runs with screen-256color whatever TERM the client sent.
      name: 'screen-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: options.env,
      encoding: null,
    })
    const fd = ptyFd(this.pty)
    this.writer = fd === undefined ? undefined : new FdWriter(fd)
    dropPtyReadErrors(this.pty)
    this.pty.onData((data) => this.output(toBuffer(data)))
    this.pty.onExit(() => this.clientExited())
    options.channel.on('data', (data: Buffer) => this.input(data))
  }

  resize(cols: number, rows: number): void {
    if (this.closed || cols <= 0 || rows <= 0) return
    this.cols = cols
    this.rows = rows
    this.pty.resize(cols, rows)
  }

  /** The SSH side went away: end the tmux client, which detaches it from the session. */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.noticeTimer)
    this.writer?.close()
    this.pty.kill('SIGHUP')
  }

  private input(data: Buffer): void {
    // tmate-ssh-server drops every byte a read-only viewer sends.
    if (this.closed || this.options.readOnly) return
    if (this.writer === undefined) {
      this.pty.write(data)
      return
    }
    this.writer.write(data)
    if (this.writer.pending > INPUT_HIGH_WATER && !this.inputPaused) {
      const channel = this.options.channel
      this.inputPaused = true
      channel.pause()
      this.writer.once('drain', () => {
        this.inputPaused = false
        channel.resume()
      })
    }
  }

  private output(data: Buffer): void {
    if (this.closed) return
    this.outputCount++
    const channel = this.options.channel
    if (!channel.write(this.exitLine.transform(data)) && !this.waitingForDrain) {
      // The client is not reading fast enough: stop reading the pty, so tmux sees a slow terminal.
      this.waitingForDrain = true
      this.pty.pause()
      channel.once('drain', () => {
        this.waitingForDrain = false
        this.pty.resume()
      })
    }
    clearTimeout(this.noticeTimer)
    this.noticeTimer = setTimeout(() => void this.drawSizeNotice(), NOTICE_IDLE_MS)
  }

  private async drawSizeNotice(): Promise<void> {
    const seen = this.outputCount
    const geometry = await this.options.geometry(Date.now() - NOTICE_IDLE_MS)
    // New output since the idle period began means tmux is drawing again; its next pause retries.
    if (this.closed || geometry === undefined || seen !== this.outputCount || this.waitingForDrain) return
    const notice = sizeNotice(this.cols, this.rows, geometry)
    if (notice !== undefined) this.options.channel.write(notice)
  }

  private clientExited(): void {
    clearTimeout(this.noticeTimer)
    const wasClosed = this.closed
    this.closed = true
    this.writer?.close()
    if (wasClosed) {
      this.finishExit()
      return
    }
    // Polled rather than waiting for 'drain', which only follows a write that returned false.
    const channel = this.options.channel
    const deadline = Date.now() + EXIT_FLUSH_LIMIT_MS
    const finishWhenFlushed = (): void => {
      if (channel.writableLength === 0 || Date.now() > deadline) this.finishExit()
      else setTimeout(finishWhenFlushed, 10)
    }
    finishWhenFlushed()
  }

  private finishExit(): void {
    this.options.onExit()
    this.resolveExited()
  }
}

function toBuffer(data: unknown): Buffer {
  // With `encoding: null` node-pty hands out Buffers, although its typings say string.
  return Buffer.isBuffer(data) ? data : Buffer.from(String(data), 'utf8')
}

/** node-pty's Unix pty exposes its master fd (not in the IPty typings). */
function ptyFd(pty: IPty): number | undefined {
  const fd: unknown = (pty as unknown as { fd?: unknown }).fd
  return typeof fd === 'number' ? fd : undefined
}
