/**
 * Flow control between the SSH channel and the two readers of its output: the renderer's xterm.js
 * (which acknowledges what it has parsed) and the core's own screen mirror. Above the high
 * watermark the channel is paused, and it resumes below the low watermark (the scheme of
 * xterm.js's flow-control guide). Paused, the channel keeps what arrives, in order, so nothing is
 * dropped. The pause bounds what crosses to the two readers, not what the server sends: ssh2 stops widening the SSH window
 * only once its channel holds 2 MiB (the stream's highWaterMark), so a server keeps sending
 * into the paused channel at its own pace until then. A renderer that stops acknowledging
 * altogether (closed, reloading, its process stopped) must not freeze the session for the mirror,
 * which join detection reads, so after `stallMs` without an ack the renderer is written off: it
 * is sent nothing more, so nothing piles up for it in the core or the transport, and the channel
 * runs at the mirror's pace. Its next ack says it is back; it is then caught up from the mirror.
 */

export interface FlowLimits {
  highBytes: number
  lowBytes: number
  stallMs: number
}

/**
 * Everything above the high watermark is output a Ctrl-C has to wait behind, so it stays near the
 * xterm.js guide's 100 000 and VS Code's 100 000 chars rather than at the 500 K where keystrokes
 * stop feeling snappy, by the guide's own measure. The renderer acknowledges in steps well below it
 * (ACK_STEP in terminal-registry.ts), so a steady stream never reaches it.
 */
export const DEFAULT_FLOW: FlowLimits = { highBytes: 128 * 1024, lowBytes: 32 * 1024, stallMs: 10_000 }

export interface Pausable {
  pause(): void
  resume(): void
}

export interface FlowStats {
  paused: boolean
  /** How many times the channel was paused so far. */
  pauses: number
  /** Sent towards the renderer and not yet acknowledged. */
  unacked: number
  /** Written to the mirror and not yet parsed by it. */
  mirrorPending: number
  /** The renderer stopped acknowledging and is sent nothing until it acks again. */
  rendererWrittenOff: boolean
}

export interface RendererWatch {
  /** The renderer was written off: drop what waits for it. */
  writtenOff(): void
  /** A written-off renderer acknowledged again: catch it up. */
  back(): void
}

export class FlowControl {
  private unacked = 0
  private mirrorPending = 0
  private paused = false
  private pauses = 0
  private target: Pausable | undefined
  private stallTimer: NodeJS.Timeout | undefined
  private writtenOff = false
  /** The renderer is held: sent nothing and not counted, until it is caught up (see Session's interrupt skip). */
  private held = false

  constructor(
    private readonly limits: FlowLimits,
    private readonly renderer: RendererWatch,
  ) {}

  /** Output is for the mirror only while the renderer is written off. */
  get rendererWrittenOff(): boolean {
    return this.writtenOff
  }

  /**
   * The renderer has more to parse than the low watermark: output that comes now waits behind it.
   * An interrupt key pressed then is worth skipping that backlog for.
   */
  get rendererBehind(): boolean {
    return !this.writtenOff && !this.held && (this.paused || this.unacked > this.limits.lowBytes)
  }

  /**
   * Sends the renderer nothing for a while and stops counting what it owes, so the channel runs at
   * the mirror's pace; `releaseRenderer` ends it, and the renderer is then caught up from the mirror.
   */
  holdRenderer(): void {
    this.held = true
    this.unacked = 0
    this.update()
  }

  releaseRenderer(): void {
    this.held = false
    this.update()
  }

  /** The channel of the current connection (or none between connections). */
  bind(target: Pausable | undefined): void {
    this.target = target
    if (this.paused) target?.pause()
  }

  sent(bytes: number): void {
    this.unacked += bytes
    this.update()
  }

  acked(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes <= 0) return
    // What it acknowledges while held was sent before the hold: the catch-up starts its count afresh.
    if (this.held) return
    if (this.writtenOff) {
      // What it acknowledges now was sent before it was written off: it counts afresh from here.
      this.writtenOff = false
      this.unacked = 0
      this.update()
      this.renderer.back()
      return
    }
    // A view that reset (snapshot) may still ack what it had before; never count below zero.
    this.unacked = Math.max(0, this.unacked - bytes)
    if (this.paused) this.armStallTimer()
    this.update()
  }

  mirrorQueued(bytes: number): void {
    this.mirrorPending += bytes
    this.update()
  }

  mirrorParsed(bytes: number): void {
    this.mirrorPending = Math.max(0, this.mirrorPending - bytes)
    this.update()
  }

  /** A view starts afresh from a snapshot: what was sent before is no longer awaited. */
  resetRenderer(): void {
    this.unacked = 0
    this.writtenOff = false
    this.update()
  }

  stats(): FlowStats {
    return {
      paused: this.paused,
      pauses: this.pauses,
      unacked: this.unacked,
      mirrorPending: this.mirrorPending,
      rendererWrittenOff: this.writtenOff,
    }
  }

  dispose(): void {
    clearTimeout(this.stallTimer)
    this.target = undefined
  }

  private update(): void {
    const load = Math.max(this.unacked, this.mirrorPending)
    if (!this.paused && load > this.limits.highBytes) {
      this.paused = true
      this.pauses += 1
      this.target?.pause()
      this.armStallTimer()
    } else if (this.paused && load < this.limits.lowBytes) {
      this.paused = false
      clearTimeout(this.stallTimer)
      this.stallTimer = undefined
      this.target?.resume()
    }
  }

  private armStallTimer(): void {
    clearTimeout(this.stallTimer)
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined
      // A renderer with nothing outstanding is not what holds the channel (the mirror is).
      if (this.unacked === 0) return
      this.unacked = 0
      this.writtenOff = true
      this.renderer.writtenOff()
      this.update()
    }, this.limits.stallMs)
    this.stallTimer.unref()
  }
}
