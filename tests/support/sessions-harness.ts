import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Terminal } from '@xterm/headless'
import type { EventName, Events, SessionState, SessionSummary } from '@shared/api'
import { EventHub } from '../../electron/core/events'
import type { Logger } from '../../electron/core/log'
import { Sessions, type SessionsDeps } from '../../electron/core/sessions/sessions'
import { waitFor } from './poll'

export interface RecordedEvent {
  name: EventName
  payload: unknown
}

export interface HarnessOptions extends Partial<Omit<SessionsDeps, 'events' | 'log' | 'dataDir'>> {
  /** Answer "trust" to every first-use host-key question (not to a changed key). Default true. */
  trustNewHosts?: boolean
  /** The test acknowledges output itself (flow-control tests). Default: ack once parsed, like the renderer. */
  manualAck?: boolean
}

/**
 * What the renderer's xterm.js would show for one session: a headless terminal fed only by
 * `sessions.output` events, acknowledging what it parsed as terminal-registry.ts does.
 */
export class RendererView {
  readonly term: Terminal
  /** Parsed and not yet acknowledged. */
  parsedUnacked = 0
  bytes = 0
  chunks = 0

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true })
  }

  write(data: string, bytes: number, ack: ((bytes: number) => void) | undefined): void {
    this.bytes += bytes
    this.chunks += 1
    this.term.write(data, () => {
      if (ack) ack(bytes)
      else this.parsedUnacked += bytes
    })
  }

  flush(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve))
  }

  row(y: number): string {
    const buffer = this.term.buffer.active
    return (buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '').replace(/ +$/, '')
  }

  lastRow(): string {
    return this.row(this.term.rows - 1)
  }

  text(): string {
    return Array.from({ length: this.term.rows }, (_, y) => this.row(y)).join('\n')
  }
}

/** A Sessions on a temp data dir whose every event is recorded, with named waits. */
export class SessionsHarness {
  readonly events: RecordedEvent[] = []
  readonly logLines: string[] = []
  readonly sessions: Sessions
  readonly hub = new EventHub()
  private readonly views = new Map<string, RendererView>()

  private constructor(
    readonly dataDir: string,
    private readonly options: HarnessOptions,
  ) {
    const line = (level: string) => (message: string) => this.logLines.push(`${level} ${message}`)
    const log: Logger = {
      info: line('info'),
      warn: line('warn'),
      error: (message, error) => this.logLines.push(`error ${message} ${error instanceof Error ? error.message : ''}`),
    }
    this.hub.subscribe((name, payload) => this.record(name, payload))
    this.sessions = new Sessions({
      events: this.hub,
      log,
      dataDir,
      home: options.home ?? join(dataDir, 'no-home'),
      env: options.env ?? {},
      ...options,
    })
  }

  static async start(options: HarnessOptions = {}): Promise<SessionsHarness> {
    return new SessionsHarness(await mkdtemp(join(tmpdir(), 'shipmate-sessions-')), options)
  }

  /** The renderer-side terminal of a session (exists from its first output on). */
  view(id: string): RendererView {
    let view = this.views.get(id)
    if (view === undefined) {
      const summary = this.sessions.list().find((s) => s.id === id)
      view = new RendererView(summary?.cols ?? 80, summary?.rows ?? 24)
      this.views.set(id, view)
    }
    return view
  }

  summary(id: string): SessionSummary {
    const summary = this.sessions.list().find((s) => s.id === id)
    if (summary === undefined) throw new Error(`no session ${id}`)
    return summary
  }

  payloads<E extends EventName>(name: E): Events[E][] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload as Events[E])
  }

  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
    return waitFor(check, what, { timeoutMs })
  }

  waitForState(id: string, states: SessionState | SessionState[], timeoutMs?: number): Promise<SessionSummary> {
    const wanted = Array.isArray(states) ? states : [states]
    return this.waitFor(
      () => {
        const summary = this.summary(id)
        return wanted.includes(summary.state) ? summary : undefined
      },
      `session state ${wanted.join('/')} (now ${this.summary(id).state}: ${this.summary(id).detail ?? ''})`,
      timeoutMs,
    )
  }

  waitForEvent<E extends EventName>(name: E, check: (payload: Events[E]) => boolean = () => true, timeoutMs?: number): Promise<Events[E]> {
    return this.waitFor(() => this.payloads(name).find(check), `event ${name}`, timeoutMs)
  }

  /** Waits until the renderer view (after parsing everything received) matches. */
  async waitForText(id: string, pattern: RegExp, timeoutMs = 8000): Promise<string> {
    const view = this.view(id)
    return waitFor(
      async () => {
        await view.flush()
        return pattern.exec(view.text())?.[0]
      },
      String(pattern),
      { timeoutMs, intervalMs: 20, describe: () => view.text() },
    )
  }

  waitForWindows(id: string, check: (names: string) => boolean, timeoutMs?: number): Promise<SessionSummary> {
    return this.waitFor(
      () => {
        const summary = this.summary(id)
        return check(windowsText(summary)) ? summary : undefined
      },
      `windows (now "${windowsText(this.summary(id))}")`,
      timeoutMs,
    )
  }

  /** Leaves tmate's start-up message view, as a user pressing q does. */
  async pressQ(id: string): Promise<void> {
    await this.waitForWindows(id, (text) => text === '0:[tmux]*')
    this.sessions.input(id, 'q')
    await this.waitForWindows(id, (text) => text === '0:bash*')
    await this.waitForText(id, /^travis@sim:~\$$/m)
  }

  /** Types a line into the shared shell. */
  run(id: string, line: string): void {
    this.sessions.input(id, `${line}\r`)
  }

  async dispose(): Promise<void> {
    await this.sessions.dispose()
    for (const view of this.views.values()) view.term.dispose()
    await rm(this.dataDir, { recursive: true, force: true })
  }

  private record(name: EventName, payload: unknown): void {
    this.events.push({ name, payload })
    if (name === 'sessions.output') {
      const output = payload as Events['sessions.output']
      const ack = this.options.manualAck ? undefined : (bytes: number) => this.ackQuietly(output.sessionId, bytes)
      this.view(output.sessionId).write(output.data, output.bytes, ack)
    } else if (name === 'sessions.changed') {
      const summary = payload as Events['sessions.changed']
      const view = this.views.get(summary.id)
      if (view && (view.term.cols !== summary.cols || view.term.rows !== summary.rows)) view.term.resize(summary.cols, summary.rows)
    } else if (name === 'sessions.hostKeyPrompt') {
      const prompt = payload as Events['sessions.hostKeyPrompt']
      if (this.options.trustNewHosts !== false && !prompt.changed) {
        setImmediate(() => this.sessions.answerHostKey(prompt.sessionId, true))
      }
    }
  }

  private ackQuietly(id: string, bytes: number): void {
    try {
      this.sessions.ack(id, bytes)
    } catch {
      // The session was forgotten meanwhile.
    }
  }
}

/** `0:bash- 1:logs*`: the windows as the status row would list them. */
export function windowsText(summary: SessionSummary): string {
  return summary.windows.map((w) => `${w.index}:${w.name}${w.flags}`).join(' ')
}
