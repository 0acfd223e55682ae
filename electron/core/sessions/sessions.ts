import type { SessionJobRef, SessionSummary, TimelineEvent, TimelineKind } from '@shared/types/sessions'
import { checkHost, checkToken, parseSshCommand } from '@shared/parse/ssh-command'
import { UserError } from '../errors'
import { DEFAULT_KEEPALIVE } from './connection'
import { DEFAULT_FLOW } from './flow-control'
import { HostKeys } from './host-keys'
import { maskToken } from './mask'
import type { MirrorView } from './mirror'
import { DEFAULT_RECONNECT } from './reconnect'
import { Session, type SessionContext } from './session'
import type { SessionLifecycle, SessionLifecycleName, SessionStats, SessionsDeps, SessionTarget, WatchFields, WatchSource } from './types'

export type { SessionLifecycle, SessionStats, SessionsDeps, SessionTarget, WatchFields, WatchSource } from './types'
export type { MirrorView } from './mirror'

const DEFAULT_SIZE = { cols: 80, rows: 24 }
const READY_TIMEOUT_MS = 20_000

/** A session nobody watches: Shipmate cannot tell who else is in. */
export const NOT_WATCHED: WatchFields = {
  detection: { state: 'off', detail: 'Nothing watches who joins this session.' },
  mates: null,
  alert: false,
  keepAlive: 'off',
}

/**
 * The session core: every open tmate session, one SSH connection each. The core's request
 * handlers call these methods one to one (shared/api.ts `sessions.*`); state reaches the renderer
 * as `sessions.*` events.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>()
  private readonly context: SessionContext
  private readonly lifecycleListeners = new Map<SessionLifecycleName, Set<(payload: never) => void>>()
  private watchSource: WatchSource = () => NOT_WATCHED
  private leaving: ((sessionId: string) => void) | undefined

  constructor(deps: SessionsDeps) {
    const now = deps.now ?? (() => new Date())
    this.context = {
      events: deps.events,
      log: deps.log,
      now,
      hostKeys: new HostKeys(deps.dataDir, { now, onNotice: deps.onNotice ?? ((message) => deps.log.warn(message)) }),
      home: deps.home,
      env: deps.env,
      jobAlive: deps.jobAlive,
      reconnect: deps.reconnect ?? DEFAULT_RECONNECT,
      keepalive: deps.keepalive ?? DEFAULT_KEEPALIVE,
      flow: deps.flowControl ?? DEFAULT_FLOW,
      readyTimeoutMs: deps.readyTimeoutMs ?? READY_TIMEOUT_MS,
      onTimeline: deps.onTimeline,
      watch: (id, state) => this.watchSource(id, state),
      lifecycle: (name, payload) => this.announce(name, payload),
    }
  }

  /** Hears what happens to every session's connection; returns the way to stop listening. */
  on<E extends SessionLifecycleName>(name: E, listener: (payload: SessionLifecycle[E]) => void): () => void {
    const listeners = this.lifecycleListeners.get(name) ?? new Set()
    this.lifecycleListeners.set(name, listeners)
    listeners.add(listener as (payload: never) => void)
    return () => listeners.delete(listener as (payload: never) => void)
  }

  /**
   * The session watcher (the alerts) adds its fields to every summary, and is told, just before the
   * user's Shipmate leaves a session, so it can tidy up on the host while it still can type.
   */
  watchWith(source: WatchSource, beforeLeaving?: (sessionId: string) => void): () => void {
    this.watchSource = source
    this.leaving = beforeLeaving
    return () => {
      this.watchSource = () => NOT_WATCHED
      this.leaving = undefined
    }
  }

  /** The watcher's fields of a session changed. */
  watchChanged(id: string): void {
    this.sessions.get(id)?.refresh()
  }

  list(): SessionSummary[] {
    return [...this.sessions.values()].map((session) => session.summary())
  }

  /** Starts connecting and returns at once; the state follows as `sessions.changed` events. */
  open(target: SessionTarget, job?: SessionJobRef, size: { cols: number; rows: number } = DEFAULT_SIZE): SessionSummary {
    const problem = checkToken(target.token) ?? checkHost(target.host) ?? portProblem(target.port)
    if (problem !== undefined) throw new UserError(scrubWords(problem, [target.token]), 'bad_target')
    const session = new Session(this.context, { ...target }, job, size)
    this.sessions.set(session.id, session)
    return session.summary()
  }

  /** A pasted `ssh …` line (a job log read elsewhere, GitHub Actions, a self-hosted tmate). */
  openCommand(command: string): SessionSummary {
    const parsed = parseSshCommand(command)
    if (!parsed.ok) {
      // The parser quotes what it could not read, which may include the token itself.
      throw new UserError(scrubWords(parsed.message, tokenCandidates(command)), 'bad_ssh_command', 'command')
    }
    return this.open({ host: parsed.host, port: parsed.port, token: parsed.token, readOnly: parsed.readOnly })
  }

  snapshot(id: string): { data: string } {
    return { data: this.get(id).snapshot() }
  }

  input(id: string, data: string): Promise<void> {
    return this.get(id).input(data)
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).resize(cols, rows)
  }

  ack(id: string, bytes: number): void {
    this.get(id).ack(bytes)
  }

  selectWindow(id: string, index: number): void {
    this.get(id).selectWindow(index)
  }

  newWindow(id: string): void {
    this.get(id).newWindow()
  }

  renameWindow(id: string, index: number, name: string): Promise<void> {
    return this.get(id).renameWindow(index, name)
  }

  closeWindow(id: string, index: number): Promise<void> {
    return this.get(id).closeWindow(index)
  }

  runPhase(id: string, phase: string): Promise<void> {
    return this.get(id).runPhase(phase)
  }

  answerHostKey(id: string, trust: boolean): void {
    this.get(id).answerHostKey(trust)
  }

  answerPassphrase(id: string, passphrase: string | null): void {
    this.get(id).answerPassphrase(passphrase)
  }

  disconnect(id: string): void {
    const session = this.get(id)
    this.beforeLeaving(id)
    session.disconnect()
  }

  /** "Retry now" / "Reconnect": see Session.reconnect. */
  reconnect(id: string): void {
    this.get(id).reconnect()
  }

  /** Disconnects if need be and drops the session, its screen and its timeline. */
  async forget(id: string): Promise<void> {
    const session = this.get(id)
    this.beforeLeaving(id)
    this.sessions.delete(id)
    await session.dispose()
    this.announce('removed', { sessionId: id })
    this.context.events.emit('sessions.removed', { sessionId: id })
  }

  timeline(id: string): TimelineEvent[] {
    return this.get(id).timelineEvents()
  }

  /** For the guard and the alerts: the mirror's status row, its screen, the cursor's line, its changes. */
  mirrorOf(id: string): (MirrorView & { cursorLine(): { before: string; after: string } }) | undefined {
    const mirror = this.sessions.get(id)?.mirror
    if (mirror === undefined) return undefined
    return {
      lastRow: () => mirror.lastRow(),
      screenText: () => mirror.screenText(),
      cursorLine: () => mirror.cursorLine(),
      onChange: (listener) => mirror.onChange(listener),
    }
  }

  /** How many times keys were sent into a session (see GuardHost.inputCount). */
  inputCount(id: string): number {
    return this.sessions.get(id)?.inputCount ?? 0
  }

  /** A session's state, or undefined once it is gone. */
  stateOf(id: string): SessionSummary['state'] | undefined {
    return this.sessions.get(id)?.summary().state
  }

  /** A session's title, for alerts about it. */
  titleOf(id: string): string | undefined {
    return this.sessions.get(id)?.summary().title
  }

  /** A timeline entry from outside the connection: joins, alerts, actions the user took. */
  record(id: string, kind: TimelineKind, mates: number | null, detail?: string): void {
    this.sessions.get(id)?.recordTimeline(kind, detail, mates)
  }

  jobCanceled(id: string): void {
    this.sessions.get(id)?.jobCanceled()
  }

  /** Open sessions attached to a job, for entries about the job (cancelled, log deleted). */
  sessionsOfJob(accountId: string, jobId: number): string[] {
    return this.list()
      .filter((summary) => summary.job?.accountId === accountId && summary.job.jobId === jobId)
      .map((summary) => summary.id)
  }

  /** Flow-control counters, for tests and diagnostics. */
  stats(id: string): SessionStats {
    return this.get(id).stats()
  }

  async dispose(): Promise<void> {
    for (const id of this.sessions.keys()) this.beforeLeaving(id)
    const sessions = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(sessions.map((session) => session.dispose()))
  }

  private announce<E extends SessionLifecycleName>(name: E, payload: SessionLifecycle[E]): void {
    for (const listener of [...(this.lifecycleListeners.get(name) ?? [])]) {
      const tell = listener as (payload: SessionLifecycle[E]) => void
      try {
        tell(payload)
      } catch (error) {
        // A watcher's fault must not stop the session that told it.
        this.context.log.error(`sessions: a ${name} listener failed`, error)
      }
    }
  }

  private beforeLeaving(id: string): void {
    try {
      this.leaving?.(id)
    } catch (error) {
      this.context.log.error(`sessions: tidying up before leaving ${id} failed`, error)
    }
  }

  private get(id: string): Session {
    const session = this.sessions.get(id)
    if (session === undefined) throw new UserError('This session is no longer open.', 'no_session', 'sessionId')
    return session
  }
}

function portProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `Port ${port} is not a port number (1 to 65535).`
}

/** The words of a pasted command that stand before an `@`: the token, if it is there at all. */
function tokenCandidates(command: string): string[] {
  return [...command.matchAll(/[A-Za-z0-9_/%-]{6,}(?=@)/g)].map((match) => match[0])
}

function scrubWords(text: string, words: readonly string[]): string {
  let out = text
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    if (word.length >= 6) out = out.split(word).join(maskToken(word))
  }
  return out
}
