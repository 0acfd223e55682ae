import { randomUUID } from 'node:crypto'
import type { SessionJobRef, SessionState, SessionSummary, TimelineEvent, TimelineKind, TmateWindow } from '@shared/types/sessions'
import { UserError } from '../errors'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { attemptConnection } from './attempt'
import { Credentials } from './auth'
import type { KeepaliveOptions, SshConnection } from './connection'
import { EchoWait } from './echo-wait'
import { FlowControl, type FlowLimits } from './flow-control'
import { hostKey, type HostKeys } from './host-keys'
import { HostVerification } from './host-verification'
import { maskedCommand, tokenTag } from './mask'
import { ScreenMirror } from './mirror'
import { outcomeOf, type Outcome } from './outcome'
import { OutputBatcher } from './output-batcher'
import { Question } from './question'
import { backoffDelay, sleep } from '../timing'
import { retryDetail, type ReconnectOptions } from './reconnect'
import { Timeline } from './timeline'
import type { SessionLifecycle, SessionLifecycleName, SessionStats, SessionTarget, WatchSource } from './types'
import { WindowControl, type Pane } from './window-control'
import { windowsFromStatusRow } from './windows'

export interface SessionContext {
  events: EventHub
  log: Logger
  now: () => Date
  hostKeys: HostKeys
  home: string
  env: NodeJS.ProcessEnv
  jobAlive: ((job: SessionJobRef) => Promise<boolean>) | undefined
  reconnect: ReconnectOptions
  keepalive: KeepaliveOptions
  flow: FlowLimits
  readyTimeoutMs: number
  onTimeline: ((event: TimelineEvent) => void) | undefined
  /** What the session's watcher adds to its summary. */
  watch: WatchSource
  /** Tells the session's watcher what happened to its connection (see SessionLifecycle). */
  lifecycle: <E extends SessionLifecycleName>(name: E, payload: SessionLifecycle[E]) => void
}

/** CAN: a stream cut off mid escape sequence must not swallow the start of the next one. */
const CANCEL_SEQUENCE = '\x18'
/** RIS: a renderer caught up from the mirror starts from a clean terminal, as a reload does. */
const FULL_RESET = '\x1bc'
/**
 * Input up to this long is a keystroke (a key, an escape sequence, a short burst typed together):
 * its answer waits for the echo (EchoWait). A paste's pieces are answered as soon as the channel
 * takes them, which is what paces the paste.
 */
const KEYSTROKE_CHARS = 256
/** The longest a keystroke's answer waits for output: less than keys are apart when typed. */
const ECHO_WAIT_MS = 20
/**
 * The keys on which a terminal driver flushes its output queue (interrupt, quit, suspend): what a
 * program wrote before them is of no more use to the user than the program itself.
 */
const FLUSHING_KEYS = ['\x03', '\x1c', '\x1a']
/**
 * After such a key, the output is quiet this long (the prompt is drawn) before the renderer is
 * caught up; at most SKIP_LIMIT_MS, for a program that goes on writing through an interrupt.
 */
const SKIP_QUIET_MS = 40
const SKIP_LIMIT_MS = 1_500

/**
 * One tmate session: one SSH connection at a time (each connection is another mate on the host),
 * its screen mirror, output to the renderer with flow control, reconnects after a drop, and the
 * questions it puts to the user. The token never leaves this object except to ssh2.
 */
export class Session implements Pane {
  readonly id = randomUUID()
  readonly mirror: ScreenMirror
  private running: Promise<void>
  private state: SessionState = 'connecting'
  private detail: string | undefined
  private windowList: readonly TmateWindow[] = []
  private cols: number
  private rows: number
  private readonly openedAt: string
  private readonly flow: FlowControl
  private readonly batcher: OutputBatcher
  private readonly echoes = new EchoWait(ECHO_WAIT_MS)
  private readonly credentials: Credentials
  private readonly windowControl: WindowControl
  private readonly hostVerification: HostVerification
  private readonly passphraseAnswer = new Question<string | null>()
  private readonly timeline: Timeline
  private connection: SshConnection | undefined
  private stopped = false
  private everConnected = false
  /** The watcher was told of a connection before: the next is a reconnect. */
  private announcedConnect = false
  private wake: (() => void) | undefined
  /** The user asked to retry now: the next try goes without the wait. */
  private retryAsked = false
  /** When the server's last data came, while it is not answering; undefined while it is. */
  private silentSince: number | undefined
  private silenceTimer: NodeJS.Timeout | undefined
  /** The first keys sent since the server last sent anything: if the connection dies, they may be lost. */
  private unansweredInputAt: number | undefined
  /** When the last connection last heard from its server. */
  private lastDataAt = 0
  private lastSummary = ''
  private received = 0
  /** Writes of keys into the session, by the user or the guard: see GuardHost.inputCount. */
  private inputs = 0
  /** An interrupt skips the renderer's backlog: output goes to the mirror only until it settles. */
  private skipping = false
  private skips = 0
  private emitted = 0

  constructor(
    private readonly ctx: SessionContext,
    private readonly target: SessionTarget,
    readonly job: SessionJobRef | undefined,
    size: { cols: number; rows: number },
  ) {
    this.cols = size.cols
    this.rows = size.rows
    this.openedAt = ctx.now().toISOString()
    this.flow = new FlowControl(ctx.flow, {
      writtenOff: () => this.batcher.drop(),
      back: () => this.catchUpRenderer('renderer acknowledges again'),
    })
    this.mirror = new ScreenMirror(size.cols, size.rows, (bytes) => this.flow.mirrorParsed(bytes))
    this.mirror.onChange(() => this.readStatusRow())
    this.batcher = new OutputBatcher((data, bytes) => this.emitOutput(data, bytes))
    this.credentials = new Credentials({
      home: ctx.home,
      env: ctx.env,
      log: ctx.log,
      askPassphrase: (keyLabel, retry) => this.askPassphrase(keyLabel, retry),
    })
    this.windowControl = new WindowControl(this)
    this.timeline = new Timeline(this.id, ctx)
    this.hostVerification = new HostVerification({
      sessionId: this.id,
      host: target.host,
      port: target.port,
      hostKeys: ctx.hostKeys,
      events: ctx.events,
      log: ctx.log,
      setState: (state, detail) => this.setState(state, detail),
      stopped: () => this.stopped,
    })
    this.changed()
    this.running = this.start()
  }

  /** Settles once the session no longer connects or retries (until a reconnect starts it again). */
  get finished(): Promise<void> {
    return this.running
  }

  /** The watcher's fields changed: the summary goes out again if that changed it. */
  refresh(): void {
    this.changed()
  }

  recordTimeline(kind: TimelineKind, detail: string | undefined, mates: number | null): void {
    this.timeline.record(kind, detail, mates)
  }

  get inputCount(): number {
    return this.inputs
  }

  get windows(): readonly TmateWindow[] {
    return this.windowList
  }

  summary(): SessionSummary {
    const { host, port, readOnly } = this.target
    const watch = this.ctx.watch(this.id, this.state)
    const summary: SessionSummary = {
      id: this.id,
      // Sessions on one tmate host differ only by token, so its masked start names them apart.
      title: this.job ? `${this.job.repoSlug} #${this.job.jobNumber}` : `${host} · ${tokenTag(this.target.token)}`,
      maskedCommand: maskedCommand(this.target),
      host,
      port,
      readOnly,
      state: this.state,
      windows: this.windowList.map((w) => ({ ...w })),
      cols: this.cols,
      rows: this.rows,
      detection: watch.detection,
      mates: watch.mates,
      alert: watch.alert,
      keepAlive: watch.keepAlive,
      openedAt: this.openedAt,
    }
    if (this.job) summary.job = { ...this.job }
    if (this.detail !== undefined) summary.detail = this.detail
    if (this.silentSince !== undefined && this.state === 'connected') summary.silentSince = new Date(this.silentSince).toISOString()
    return summary
  }

  timelineEvents(): TimelineEvent[] {
    return this.timeline.list()
  }

  stats(): SessionStats {
    return { ...this.flow.stats(), received: this.received, emitted: this.emitted, skips: this.skips }
  }

  /**
   * The screen for a view that attaches late, after a full reset (ESC c), so the view can write it
   * behind whatever it still holds; that view starts its flow-control count afresh.
   */
  snapshot(): string {
    this.batcher.flush()
    this.flow.resetRenderer()
    return this.screenFromScratch()
  }

  /** The host's screen as the mirror has it, for a terminal that resets first. */
  private screenFromScratch(): string {
    return FULL_RESET + this.mirror.snapshot()
  }

  /**
   * Keys from the user. A read-only viewer's keys would be dropped by tmate anyway. Resolves when
   * the SSH channel can take more, which is what paces a big paste; a keystroke's answer also
   * waits until the output after it has gone to the renderer, or ECHO_WAIT_MS (EchoWait). Keys
   * that cannot reach the host now are refused in words, never taken and dropped: sent after a
   * reconnect they would land in a shared shell whose screen the user no longer sees as it is.
   */
  async input(data: string): Promise<void> {
    if (this.target.readOnly) return
    this.refuseUnlessLive()
    this.inputs += 1
    this.mirror.noteInput()
    this.noteInputSent()
    if (FLUSHING_KEYS.some((key) => data.includes(key)) && this.flow.rendererBehind) this.skipBacklog()
    // Waiting from before the write: the echo may come while a write waits for the channel.
    const echoed = data.length <= KEYSTROKE_CHARS ? this.echoes.next() : undefined
    await this.connection?.write(data)
    await echoed
  }

  /**
   * "Retry now": gives up a connection whose server stopped answering, skips the wait before the
   * next try, or (after a failure) starts connecting again.
   */
  reconnect(): void {
    if (this.stopped || this.state === 'ended') {
      throw new UserError('This session has ended; open it again to rejoin.', 'not_connected')
    }
    if (this.state === 'failed') {
      this.running = this.start()
      return
    }
    // A connection that answers, or a first connect still under way (perhaps asking the user), has nothing to retry.
    if (this.state === 'connected' ? this.silentSince === undefined : this.state !== 'reconnecting') return
    this.retryAsked = true
    // A try under way to a server that does not answer would hold the retry for up to the SSH timeout.
    this.connection?.destroy()
    this.wake?.()
  }

  resize(cols: number, rows: number): void {
    this.cols = clamp(cols, 2, 1000)
    this.rows = clamp(rows, 2, 500)
    this.mirror.resize(this.cols, this.rows)
    this.connection?.setWindow(this.cols, this.rows)
    this.changed()
  }

  ack(bytes: number): void {
    this.flow.acked(bytes)
  }

  selectWindow(index: number): void {
    this.windowControl.select(index)
  }

  newWindow(): void {
    this.windowControl.newWindow()
  }

  renameWindow(index: number, name: string): Promise<void> {
    return this.windowControl.rename(index, name)
  }

  closeWindow(index: number): Promise<void> {
    return this.windowControl.close(index)
  }

  runPhase(phase: string): Promise<void> {
    return this.windowControl.runPhase(phase)
  }

  answerHostKey(trust: boolean): void {
    if (!this.hostVerification.answerTrust(trust)) throw new UserError('This session is not waiting for a host-key answer.', 'no_question')
  }

  answerPassphrase(passphrase: string | null): void {
    if (!this.passphraseAnswer.answer(passphrase)) {
      throw new UserError('This session is not waiting for a passphrase.', 'no_question')
    }
    if (this.state === 'authenticating') this.setState('authenticating', undefined)
  }

  /** The user leaves; the tmate session itself goes on for everyone else. */
  disconnect(): void {
    if (this.stopped) return
    this.stopped = true
    this.hostVerification.answerTrust(false)
    this.passphraseAnswer.answer(null)
    this.wake?.()
    this.connection?.end()
    this.batcher.flush()
    if (this.state === 'ended' || this.state === 'failed') return
    if (this.state === 'connected' || this.state === 'reconnecting') this.timeline.record('disconnected', 'You disconnected.')
    this.setState('ended', 'You disconnected. The tmate session itself goes on; open it again to rejoin.')
  }

  /** The user cancelled the job: an ended session's line must no longer invite them back into it. */
  jobCanceled(): void {
    if (this.state === 'ended' || this.state === 'failed') {
      this.setState(this.state, 'You cancelled the job; its VM and this session are gone with it.')
    }
  }

  async dispose(): Promise<void> {
    this.disconnect()
    await this.finished
    this.batcher.dispose()
    this.flow.dispose()
    this.mirror.dispose()
  }

  /** For the window commands (Pane). */
  requireWritable(): void {
    if (this.target.readOnly) {
      throw new UserError('This is a read-only session: Shipmate can show it but cannot type into it.', 'read_only')
    }
    if (this.state !== 'connected') throw new UserError('The session is not connected right now.', 'not_connected')
    if (this.silentSince !== undefined) throw new UserError('The server is not responding right now.', 'not_connected')
  }

  type(data: string): void {
    this.requireWritable()
    this.inputs += 1
    this.mirror.noteInput()
    this.noteInputSent()
    void this.connection?.write(data)
  }

  waitFor(check: () => boolean, timeoutMs: number, failure: string): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop()
        reject(new UserError(failure, 'timeout'))
      }, timeoutMs)
      const stop = this.mirror.onChange(() => {
        if (!check()) return
        clearTimeout(timer)
        stop()
        resolve()
      })
    })
  }

  private start(): Promise<void> {
    return this.run().catch((error: unknown) => {
      this.ctx.log.error(`sessions: ${this.id} stopped unexpectedly`, error)
      this.finish('failed', 'Something went wrong inside Shipmate; the details are in its log.')
    })
  }

  private async run(): Promise<void> {
    const { maxTries } = this.ctx.reconnect
    let tries = 0
    for (;;) {
      const everConnected = this.everConnected
      const { outcome, started, lostInput } = await this.connectOnce(everConnected)
      if (this.stopped) return
      if (outcome.kind === 'interrupted') {
        await Promise.all([this.hostVerification.settled(), this.credentials.idle()])
        if (this.stopped) return
        const refusal = this.hostVerification.refusal
        if (refusal !== undefined) return this.finish('failed', refusal)
        continue
      }
      if (started) {
        this.everConnected = true
        tries = 0
      }
      switch (outcome.kind) {
        case 'ended':
          this.timeline.record('ended', outcome.detail)
          return this.finish('ended', outcome.detail)
        case 'refused':
          return this.finish('failed', outcome.detail)
        case 'no_session':
          if (!this.everConnected) return this.finish('failed', outcome.detail)
          return this.endAfterDrop('The connection dropped and the session is gone: its token is no longer valid, so the debug job has probably ended.')
        case 'unreachable':
          if (!this.everConnected) return this.finish('failed', outcome.detail)
          break
        case 'dropped':
          break
      }
      if (started) {
        // The connection the user gave up on has no error of its own to tell.
        const why = this.retryAsked ? 'The server stopped answering; you asked to reconnect.' : outcome.detail
        this.timeline.record('disconnected', lostInput === undefined ? why : `${why} ${lostInput}`)
      }
      tries += 1
      if (tries > maxTries) {
        return this.finish('failed', `The connection was lost and ${maxTries} tries to reconnect failed. The last: ${outcome.detail}`)
      }
      if (!(await this.jobStillRuns())) {
        return this.endAfterDrop('The connection dropped and the job is no longer running, so its debug session is over.')
      }
      if (this.stopped) return
      const delay = this.retryAsked ? 0 : backoffDelay(tries, this.ctx.reconnect)
      this.retryAsked = false
      this.setState('reconnecting', retryDetail(delay, tries, maxTries))
      this.ctx.log.info(`sessions: ${this.id} lost its connection (${outcome.detail}); try ${tries} of ${maxTries} in ${delay} ms`)
      if (delay > 0) await this.sleep(delay)
      // Asked while waiting: that wait is what it skipped.
      this.retryAsked = false
      if (this.stopped) return
    }
  }

  private async connectOnce(reconnecting: boolean): Promise<{ outcome: Outcome; started: boolean; lostInput: string | undefined }> {
    const { host, port } = this.target
    const where = hostKey(host, port)
    this.hostVerification.refusal = undefined
    this.setState(reconnecting ? 'reconnecting' : 'connecting', reconnecting ? 'Reconnecting…' : undefined)
    if (reconnecting) this.pushText(CANCEL_SEQUENCE)
    const { closed, stream, started } = await attemptConnection({
      target: this.target,
      cols: this.cols,
      rows: this.rows,
      readyTimeoutMs: this.ctx.readyTimeoutMs,
      keepalive: this.ctx.keepalive,
      authHandler: this.credentials.handler(this.target.token),
      verifyHost: (key) => this.hostVerification.verify(key, reconnecting),
      bind: (connection) => {
        if (connection === undefined) {
          this.lastDataAt = this.connection?.lastReceivedAt ?? 0
          this.stopSilenceWatch()
        }
        this.connection = connection
        this.flow.bind(connection)
      },
      received: (bytes) => {
        this.received += bytes
      },
      output: (text) => this.pushText(text),
      started: () => {
        if (this.stopped) return
        this.startSilenceWatch()
        this.setState('connected', undefined)
        this.timeline.record(reconnecting ? 'reconnected' : 'connected')
        this.ctx.log.info(`sessions: ${this.id} ${reconnecting ? 'reconnected' : 'connected'} to ${where}`)
      },
    })
    this.batcher.flush()
    const outcome = outcomeOf({
      closed,
      stream,
      started,
      askingUser: this.hostVerification.asking || this.passphraseAnswer.pending,
      refusal: this.hostVerification.refusal,
      where,
      token: this.target.token,
      readyTimeoutMs: this.ctx.readyTimeoutMs,
    })
    const lostInput = started ? this.lostInputNote() : undefined
    this.unansweredInputAt = undefined
    return { outcome, started, lostInput }
  }

  private refuseUnlessLive(): void {
    if (this.state === 'reconnecting') {
      throw new UserError('Shipmate is reconnecting, so what you typed was not sent. Type it again once the session is back.', 'not_connected')
    }
    if (this.state !== 'connected') throw new UserError('The session is not connected, so what you typed was not sent.', 'not_connected')
    if (this.silentSince !== undefined) {
      throw new UserError(
        'The server is not responding, so what you typed was not sent. Type it again once it answers, or retry the connection now.',
        'not_connected',
      )
    }
  }

  /**
   * Output already on its way may still arrive after keys the server never read, so keys count as
   * answered only by data that came a whole keepalive round after them.
   */
  private get answerWindowMs(): number {
    return this.ctx.keepalive.intervalMs + this.ctx.keepalive.answerGraceMs
  }

  private noteInputSent(): void {
    const lastData = this.connection?.lastReceivedAt ?? 0
    if (this.unansweredInputAt === undefined || lastData - this.unansweredInputAt > this.answerWindowMs) this.unansweredInputAt = Date.now()
  }

  /** Keys sent too late to have been answered, on a connection that is gone now: say they may be lost. */
  private lostInputNote(): string | undefined {
    const since = this.unansweredInputAt
    if (since === undefined || this.lastDataAt - since > this.answerWindowMs) return undefined
    const seconds = Math.max(1, Math.ceil((Date.now() - since) / 1000))
    return `Keys you typed in the last ${seconds} s before that may not have reached the host.`
  }

  /** Watches for a server that stopped answering, from the session's start on this connection. */
  private startSilenceWatch(): void {
    this.stopSilenceWatch()
    const { intervalMs, answerGraceMs } = this.ctx.keepalive
    const check = (): void => {
      const connection = this.connection
      if (connection === undefined) return
      const quiet = connection.quietSince
      const silent = quiet !== undefined && Date.now() - quiet > intervalMs + answerGraceMs
      const since = silent ? connection.lastReceivedAt : undefined
      if (since === this.silentSince) return
      if (since !== undefined) this.ctx.log.info(`sessions: ${this.id} has had nothing from the server for ${Date.now() - since} ms`)
      this.silentSince = since
      this.changed()
    }
    this.silenceTimer = setInterval(check, Math.max(20, Math.min(1000, Math.round(answerGraceMs / 2))))
    this.silenceTimer.unref()
  }

  private stopSilenceWatch(): void {
    clearInterval(this.silenceTimer)
    this.silenceTimer = undefined
    if (this.silentSince === undefined) return
    this.silentSince = undefined
    this.changed()
  }

  private askPassphrase(keyLabel: string, retry: boolean): Promise<string | null> {
    if (this.stopped) return Promise.resolve(null)
    const detail = retry ? `Wrong passphrase for ${keyLabel}; try again or skip the key.` : `Waiting for the passphrase of ${keyLabel}.`
    this.setState('authenticating', detail)
    const answer = this.passphraseAnswer.ask()
    this.ctx.events.emit('sessions.passphrasePrompt', { sessionId: this.id, keyPath: keyLabel, retry })
    return answer
  }

  private async jobStillRuns(): Promise<boolean> {
    if (this.job === undefined || this.ctx.jobAlive === undefined) return true
    try {
      return await this.ctx.jobAlive(this.job)
    } catch (error) {
      // Travis unreachable says nothing about the job: keep trying within the limit.
      this.ctx.log.warn(`sessions: ${this.id} could not ask whether job ${this.job.jobId} runs: ${String(error)}`)
      return true
    }
  }

  /** Waits before the next try; `wake` (Retry now, Disconnect) cuts the wait short. */
  private async sleep(ms: number): Promise<void> {
    const woken = new AbortController()
    this.wake = () => woken.abort()
    try {
      await sleep(ms, woken.signal)
    } finally {
      this.wake = undefined
    }
  }

  /**
   * Same text, same order, to the renderer (batched) and to the mirror; both count for flow
   * control. The renderer's goes first: an echo is on its way before the mirror has queued it. A
   * renderer written off for not acknowledging is sent nothing: the mirror holds the screen it
   * will be caught up with.
   */
  private pushText(text: string): void {
    if (text === '') return
    const bytes = Buffer.byteLength(text, 'utf8')
    if (!this.flow.rendererWrittenOff && !this.skipping) {
      this.flow.sent(bytes)
      this.batcher.push(text, bytes)
    }
    this.flow.mirrorQueued(bytes)
    this.mirror.write(text, bytes)
  }

  /**
   * An interrupt while the renderer is behind (a flood): what is queued for it and still coming
   * before the prompt is the flooding program's output, which the user just stopped. The renderer
   * is sent nothing until the output settles, while the mirror takes it all in at its own pace;
   * then the renderer gets the mirror's screen, which is the host's, and the stream goes on from
   * there. Without an interrupt nothing is ever skipped.
   */
  private skipBacklog(): void {
    if (this.skipping) return
    this.skipping = true
    this.skips += 1
    this.batcher.drop()
    this.flow.holdRenderer()
    const from = { bytes: this.received, at: Date.now() }
    void this.mirror.settle(SKIP_QUIET_MS, SKIP_LIMIT_MS).then(() => {
      this.skipping = false
      this.flow.releaseRenderer()
      if (this.stopped || this.flow.rendererWrittenOff) return
      const kib = Math.round((this.received - from.bytes) / 1024)
      this.catchUpRenderer(`skipped the output queued ahead of an interrupt (${kib} KiB taken in by the mirror in ${Date.now() - from.at} ms)`)
    })
  }

  /** The renderer gets the screen as it is now: it acknowledges again after it was written off, or an interrupt skipped its backlog. */
  private catchUpRenderer(why: string): void {
    this.ctx.log.info(`sessions: ${this.id} ${why}; sending the renderer the screen`)
    const text = this.screenFromScratch()
    const bytes = Buffer.byteLength(text, 'utf8')
    // What the batcher holds goes first (it is counted as sent); the page may drop it unparsed.
    this.batcher.flush()
    this.flow.sent(bytes)
    this.emitOutput(text, bytes, true)
  }

  private emitOutput(data: string, bytes: number, restart = false): void {
    this.emitted += bytes
    this.ctx.events.emit('sessions.output', restart ? { sessionId: this.id, data, bytes, restart } : { sessionId: this.id, data, bytes })
    this.echoes.outputSent()
  }

  private readStatusRow(): void {
    const windows = windowsFromStatusRow(this.mirror.lastRow(), this.windowList)
    if (windows === this.windowList) return
    this.windowList = windows
    this.changed()
  }

  private endAfterDrop(detail: string): void {
    this.timeline.record('ended', detail)
    this.finish('ended', detail)
  }

  private finish(state: 'ended' | 'failed', detail: string): void {
    this.batcher.flush()
    this.flow.bind(undefined)
    this.stopSilenceWatch()
    if (state === 'failed') {
      this.ctx.log.info(`sessions: ${this.id} failed: ${detail}`)
      // A session never on screen has no story to tell beyond its state; one that was has lost it.
      if (this.everConnected) this.timeline.record('failed', detail)
    }
    this.setState(state, detail)
  }

  private setState(state: SessionState, detail: string | undefined): void {
    const before = this.state
    this.state = state
    this.detail = detail
    if (state !== before) this.announce(before, state)
    this.changed()
  }

  /** The watcher hears of a connection coming, going or over before the summary says so. */
  private announce(before: SessionState, after: SessionState): void {
    const over = (state: SessionState) => state === 'ended' || state === 'failed'
    if (after === 'connected') {
      this.ctx.lifecycle('connected', { sessionId: this.id, readOnly: this.target.readOnly, reconnect: this.announcedConnect })
      this.announcedConnect = true
    } else if (over(after)) {
      if (!over(before)) this.ctx.lifecycle('ended', { sessionId: this.id })
    } else if (before === 'connected') {
      this.ctx.lifecycle('lost', { sessionId: this.id })
    }
  }

  private changed(): void {
    const summary = this.summary()
    const text = JSON.stringify(summary)
    if (text === this.lastSummary) return
    this.lastSummary = text
    this.ctx.events.emit('sessions.changed', summary)
  }
}


function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min
}
