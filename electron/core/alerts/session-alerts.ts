import type { Detection } from '@shared/detection'
import type { KeepAliveState, SessionState } from '@shared/types/sessions'
import { UserError } from '../errors'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import type { Sessions, WatchFields } from '../sessions/sessions'
import { DETECTION_DETAIL, detectionState } from './detection-state'
import { JoinDetector, type DetectionEvent } from './detector'
import { GUARD_DETAIL, SessionGuard, type GuardHost } from './guard'
import { GuardRun } from './guard-run'
import { JoinWatch } from './join-watch'
import { keepAliveLine } from './keep-alive-script'
import type { Notifier } from './notifier'
import { PromptTyper } from './prompt-typer'
import { noCount, timelineEntry } from './timeline-entry'

export interface SessionAlertsDeps {
  sessions: Sessions
  events: EventHub
  log: Logger
  /** OS notifications; absent, the page is asked to show one (browser mode). */
  notifier?: Notifier
  guardByDefault?: boolean
  /** The app run's guard tags; one per app run, so a reconnect knows the loop it started. */
  guardRun?: GuardRun
  /** How often the echo-mode keep-alive looks at the host (keep-alive-script.ts); tests shorten it. */
  keepAliveSeconds?: number
}

/** The guard and the join detection of one connection. */
interface Connection {
  host: GuardHost
  guard: SessionGuard
  /** Waits for an idle prompt to type the keep-alive at, while the user has asked for it and it is not typed yet. */
  keepAliveTyper?: PromptTyper
  detector: JoinDetector
  /** Set right after the entry: the watch's first reading may already change the summary. */
  watch?: JoinWatch
  stops: (() => void)[]
  /** Join detection was on (a count of Shipmate's own) at some point on this connection. */
  started: boolean
  detection: Detection
}

/** What the alerts know of one session, from its first connection until it is removed. */
interface Watched {
  readOnly: boolean
  /** Connected before in this app run: a reconnect is no fresh VM. */
  connectedBefore: boolean
  /** The user turned join detection off for this session. */
  turnedOff: boolean
  /** A guard loop of this app run ran here: a reconnect asks it rather than start another. */
  guardRan: boolean
  /** The guard tags this app run typed here: leaving or turning off, the loop on the host is told all of them. */
  tagsUsed: Set<string>
  /** After a lost connection: how many of Shipmate's own the host may still count at the reconnect. */
  ownEarlier: number
  /** The count was disputed: that alert stays, whatever the count does, until the user has seen it. */
  disputed: boolean
  mates: number | null
  alert: boolean
  /** The keep-alive loop runs on the host from when it was typed until the session ends; it outlives a reconnect. */
  keepAlive: KeepAliveState
  /** The connection being watched, while there is one. */
  connection?: Connection
}

const WAITING_TO_CONNECT: Detection = {
  state: 'starting',
  step: 'waiting_for_prompt',
  detail: 'Join detection starts once Shipmate is connected, at the first idle shell prompt.',
}

const RECONNECTING: Detection = {
  state: 'starting',
  step: 'waiting_for_prompt',
  detail: 'The connection dropped: join detection resumes once Shipmate is back in.',
}

/**
 * The one owner of watching a session: it joins the session guard and the join detection to each
 * connection (told by the session core's lifecycle events), keeps the join-detection state, the
 * count and the alert, adds them to the session's summary, and turns what it finds into timeline
 * entries and alerts (notification, banner, tray).
 */
export class SessionAlerts {
  private readonly deps: SessionAlertsDeps
  private readonly watched = new Map<string, Watched>()
  private readonly guardRun: GuardRun
  private readonly stops: (() => void)[]

  constructor(deps: SessionAlertsDeps) {
    this.deps = deps
    this.guardRun = deps.guardRun ?? new GuardRun()
    const { sessions } = deps
    this.stops = [
      sessions.watchWith(
        (id, state) => this.fields(id, state),
        (id) => this.leave(id),
      ),
      sessions.on('connected', ({ sessionId, readOnly }) => this.attach(sessionId, readOnly)),
      sessions.on('lost', ({ sessionId }) => {
        const entry = this.watched.get(sessionId)
        if (entry?.connection) entry.ownEarlier = entry.connection.detector.ownEarlier + 1
        this.detach(sessionId)
      }),
      sessions.on('ended', ({ sessionId }) => this.detach(sessionId)),
      sessions.on('removed', ({ sessionId }) => {
        this.detach(sessionId)
        this.watched.delete(sessionId)
      }),
    ]
  }

  setGuard(sessionId: string, enabled: boolean): void {
    const entry = this.entry(sessionId)
    entry.turnedOff = !enabled
    if (!entry.connection) {
      this.deps.sessions.watchChanged(sessionId)
      return
    }
    this.detach(sessionId)
    this.attach(sessionId, entry.readOnly)
  }

  /**
   * Keeps a Travis job in echo mode alive while its session is idle: types the keep-alive
   * (keep-alive-script.ts) at the next idle shell prompt. Asked again, nothing more is typed.
   */
  keepAlive(sessionId: string): void {
    const summary = this.deps.sessions.list().find((each) => each.id === sessionId)
    if (!summary) throw new UserError('There is no such session.', 'no_session')
    if (summary.readOnly) throw new UserError('This connection is read-only: Shipmate cannot type the keep-alive into the session.', 'read_only')
    if (summary.state === 'ended' || summary.state === 'failed') throw new UserError('The session is over: there is nothing to keep alive.', 'session_over')
    const entry = this.entry(sessionId)
    if (entry.keepAlive !== 'off') return
    entry.keepAlive = 'waiting'
    this.deps.log.info(`alerts: ${sessionId} types the keep-alive at the next idle shell prompt`)
    if (entry.connection) this.startKeepAlive(sessionId, entry, entry.connection)
    this.deps.sessions.watchChanged(sessionId)
  }

  private startKeepAlive(sessionId: string, entry: Watched, connection: Connection): void {
    const seconds = this.deps.keepAliveSeconds
    connection.keepAliveTyper = new PromptTyper(
      connection.host,
      (shell, promptWidth) => keepAliveLine(shell, promptWidth, seconds),
      () => {
        connection.keepAliveTyper = undefined
        entry.keepAlive = 'on'
        this.deps.log.info(`alerts: ${sessionId} typed the keep-alive`)
        this.deps.sessions.record(
          sessionId,
          'keep_alive_started',
          entry.mates,
          'Shipmate typed the keep-alive: while the first window shows nothing, it writes an invisible reset into the job log each minute, so Travis does not end the job for want of output.',
        )
        this.deps.sessions.watchChanged(sessionId)
      },
    )
    connection.keepAliveTyper.start()
  }

  /** "That's me": the alert goes, the watching goes on; a later join alerts again. */
  acknowledge(sessionId: string): void {
    const entry = this.entry(sessionId)
    entry.disputed = false
    entry.alert = false
    this.deps.sessions.record(sessionId, 'acknowledged', entry.mates)
    this.deps.sessions.watchChanged(sessionId)
  }

  /** The user acted on a job: every session attached to it gets the entry. */
  recordJobAction(accountId: string, jobId: number, kind: 'job_canceled' | 'log_deleted'): void {
    for (const id of this.deps.sessions.sessionsOfJob(accountId, jobId)) {
      this.deps.sessions.record(id, kind, this.watched.get(id)?.mates ?? null)
      if (kind === 'job_canceled') this.deps.sessions.jobCanceled(id)
    }
  }

  dispose(): void {
    for (const stop of this.stops.splice(0)) stop()
    for (const id of [...this.watched.keys()]) this.detach(id)
  }

  /** The summary's join-detection fields: what the connection's watch says, or what the session's state leaves. */
  private fields(sessionId: string, state: SessionState): WatchFields {
    const entry = this.watched.get(sessionId)
    const alert = entry?.alert ?? false
    // Over: nothing is watched; the last count Shipmate read stays, as what the alert was about.
    const keepAlive = entry?.keepAlive ?? 'off'
    if (state === 'ended' || state === 'failed') {
      return { detection: { state: 'ended', detail: DETECTION_DETAIL.ended }, mates: entry?.mates ?? null, alert, keepAlive: 'off' }
    }
    if (entry?.connection) {
      const { detection } = entry.connection
      return { detection, mates: detection.state === 'on' ? entry.mates : null, alert, keepAlive }
    }
    if (entry ? entry.turnedOff : this.deps.guardByDefault === false) {
      return { detection: { state: 'off', detail: DETECTION_DETAIL.off }, mates: null, alert, keepAlive }
    }
    return { detection: entry?.connectedBefore ? RECONNECTING : WAITING_TO_CONNECT, mates: null, alert, keepAlive }
  }

  private entry(sessionId: string): Watched {
    let entry = this.watched.get(sessionId)
    if (entry === undefined) {
      entry = {
        readOnly: false,
        connectedBefore: false,
        turnedOff: this.deps.guardByDefault === false,
        guardRan: false,
        tagsUsed: new Set(),
        ownEarlier: 0,
        disputed: false,
        mates: null,
        alert: false,
        keepAlive: 'off',
      }
      this.watched.set(sessionId, entry)
    }
    return entry
  }

  private attach(sessionId: string, readOnly: boolean): void {
    const { sessions } = this.deps
    const entry = this.entry(sessionId)
    const mirror = sessions.mirrorOf(sessionId)
    if (!mirror || entry.connection) return
    entry.readOnly = readOnly
    const host: GuardHost = {
      readOnly,
      lastRow: () => mirror.lastRow(),
      cursorLine: () => mirror.cursorLine().before,
      afterCursor: () => mirror.cursorLine().after,
      // tmux keeps a viewer on the alternate screen all the time; the window name tells full-screen apps.
      alternateScreen: () => false,
      screenText: () => mirror.screenText(),
      onChange: (listener) => mirror.onChange(listener),
      // A line that fails to go out shows as the guard's missing answer, which it reports.
      type: (data) => void sessions.input(sessionId, data).catch(() => undefined),
      inputCount: () => sessions.inputCount(sessionId),
    }
    const guard = new SessionGuard(host, {
      enabled: !entry.turnedOff,
      run: this.guardRun,
      resumed: entry.guardRan,
      retire: [...entry.tagsUsed],
    })
    const stops = [
      // The guard's own "unavailable" reaches the timeline once, as the detection's reason (detection_unavailable).
      guard.onChange((status) => {
        if (guard.tag !== undefined) entry.tagsUsed.add(guard.tag)
        if (status.state === 'running') entry.guardRan = true
        this.refresh(sessionId)
      }),
    ]
    const detector = new JoinDetector({ firstConnect: !entry.connectedBefore, ownEarlier: entry.ownEarlier })
    entry.ownEarlier = 0
    entry.connectedBefore = true
    // A count is Shipmate's own reading on this connection, never one kept from before.
    entry.mates = null
    const connection: Connection = { host, guard, detector, stops, started: false, detection: WAITING_TO_CONNECT }
    entry.connection = connection
    if (entry.keepAlive === 'waiting') this.startKeepAlive(sessionId, entry, connection)
    // The watch listens before the guard starts, so it reads each screen change before the guard
    // acts on it; it reads only once the guard has started, since a guard not started yet reads as
    // "detection unavailable", which after a reconnect (the status row kept on the screen) it would
    // report as an entry of its own.
    connection.watch = new JoinWatch(mirror, guard, (events) => this.handle(sessionId, events), { detector, readNow: false })
    guard.start()
    this.refresh(sessionId)
    connection.watch.read()
  }

  /**
   * Decides the one join-detection state, and records "started" the first time on a connection
   * that Shipmate reads a count of its own: never while the loop has no count to give.
   */
  private refresh(sessionId: string): void {
    const entry = this.watched.get(sessionId)
    const connection = entry?.connection
    if (!entry || !connection) return
    const guard = connection.guard.snapshot()
    connection.detection = detectionState({
      ended: false,
      turnedOff: entry.turnedOff,
      guard,
      // Started means answered under this connection's tag; a loop of ours seen before that is only being confirmed.
      confirming: guard.detail === GUARD_DETAIL.confirming,
      mates: connection.detector.mates,
      unavailable: connection.detector.unavailableWith,
    })
    this.deps.sessions.watchChanged(sessionId)
    if (connection.detection.state === 'on' && !connection.started) {
      connection.started = true
      this.deps.sessions.record(sessionId, 'guard_started', connection.detection.mates)
    }
  }

  /** The user's Shipmate leaves the session: its guard loop on the host is told to stop while Shipmate can still type. */
  private leave(sessionId: string): void {
    const entry = this.watched.get(sessionId)
    const connection = entry?.connection
    if (!entry || !connection || this.deps.sessions.stateOf(sessionId) !== 'connected') return
    switch (connection.guard.leave([...entry.tagsUsed])) {
      case 'told':
        this.deps.sessions.record(sessionId, 'guard_stopped', entry.mates, 'You left: Shipmate told its session guard on the host to stop and put the status line back, unless another Shipmate viewer still uses it.')
        break
      case 'busy':
        this.deps.sessions.record(
          sessionId,
          'guard_stopped',
          entry.mates,
          'You left while the shell was busy, so Shipmate could not tell its session guard to stop: it ends by itself once nobody has been connected for a minute.',
        )
        break
      case 'no_loop':
        break
    }
  }

  private detach(sessionId: string): void {
    const entry = this.watched.get(sessionId)
    const connection = entry?.connection
    if (!entry || !connection) return
    entry.connection = undefined
    for (const stop of connection.stops) stop()
    connection.watch?.stop()
    connection.guard.stop()
    connection.keepAliveTyper?.stop()
  }

  private handle(sessionId: string, events: DetectionEvent[]): void {
    this.handleEvents(sessionId, events)
    this.refresh(sessionId)
  }

  private handleEvents(sessionId: string, events: DetectionEvent[]): void {
    const { sessions } = this.deps
    const entry = this.watched.get(sessionId)
    if (!entry) return
    for (const event of events) {
      const timeline = timelineEntry(sessionId, event, new Date())
      const record = () => {
        if (timeline) sessions.record(sessionId, timeline.kind, timeline.mates, timeline.detail)
      }
      switch (event.kind) {
        case 'count':
          entry.mates = event.mates
          if (event.mates !== null && event.mates < 2) this.calm(entry)
          break
        case 'joined':
          entry.mates = event.mates
          record()
          if (event.mates >= 2) this.raise(sessionId, entry, event.mates, joinAlert('joined', event.mates))
          break
        case 'present_at_connect':
          entry.mates = event.mates
          record()
          this.raise(sessionId, entry, event.mates, joinAlert('was already in', event.mates))
          break
        case 'left':
          entry.mates = event.mates
          if (event.mates < 2) this.calm(entry)
          record()
          break
        case 'detection_unavailable':
          entry.mates = null
          record()
          break
        case 'count_disputed':
          record()
          entry.disputed = true
          // One notification per alert: a writer fighting the guard shows in the timeline, not as a flood.
          if (!entry.alert) {
            this.raise(sessionId, entry, event.mates, {
              title: 'The count in your debug session was set by someone else',
              body: `${event.detail} Cancel the job if you cannot tell who.`,
            })
          }
          break
        case 'possible_join':
          record()
          this.raise(sessionId, entry, null, {
            title: 'Someone with a smaller window is connected',
            body: `Someone with a smaller window is connected; ${noCount(event.reason)}. Cancel the job if it was not a teammate.`,
          })
          break
        case 'possible_leave':
          record()
          this.calm(entry)
          break
        case 'smaller_client':
        case 'early_sign':
        case 'previous_connection':
          record()
          break
      }
    }
  }

  /** Nobody else is in by the count: the alert goes, unless the count itself was in dispute. */
  private calm(entry: Watched): void {
    if (!entry.disputed) entry.alert = false
  }

  private raise(sessionId: string, entry: Watched, mates: number | null, alert: { title: string; body: string }): void {
    const title = this.deps.sessions.titleOf(sessionId) ?? 'A session'
    entry.alert = true
    this.deps.sessions.record(sessionId, 'alert', mates, alert.title)
    const body = `${title}: ${alert.body}`
    if (this.deps.notifier) this.deps.notifier.notify(alert.title, body, sessionId)
    else this.deps.events.emit('alerts.notify', { sessionId, title: alert.title, body })
    this.deps.log.warn(`alert: ${alert.title} (${title}, ${mates ?? 'unknown'} connected)`)
  }
}

function joinAlert(what: 'joined' | 'was already in', mates: number): { title: string; body: string } {
  return {
    title: what === 'joined' ? 'Someone joined your debug session' : 'Someone was already in your debug session',
    body: `${mates} connected, you included. Cancel the job if it was not a teammate.`,
  }
}
