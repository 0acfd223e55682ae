import type { SessionSummary } from '@shared/types/sessions'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { GUARD_DETAIL, SessionGuard, type GuardHost } from '../sessions/guard'
import { GuardRun } from '../sessions/guard-run'
import type { Sessions } from '../sessions/sessions'
import { DETECTION_DETAIL, detectionState, summaryGuard } from './detection-state'
import { JoinDetector, type DetectionEvent } from './detector'
import { JoinWatch } from './join-watch'
import type { Notifier } from './notifier'
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
}

interface Watched {
  guard: SessionGuard
  detector: JoinDetector
  /** Set right after the entry: the watch's first reading may already change the summary. */
  watch?: JoinWatch
  stops: (() => void)[]
  /** Join detection was on (a count of Shipmate's own) at some point on this connection. */
  started: boolean
}

/**
 * Joins the session guard and the join detection to each connected session, and turns what they
 * find into the summary's fields, timeline entries and alerts (notification, banner, tray).
 */
export class SessionAlerts {
  private readonly deps: SessionAlertsDeps
  private readonly watched = new Map<string, Watched>()
  private readonly guardOff = new Set<string>()
  private readonly guardRun: GuardRun
  /** Sessions connected before in this app run: a reconnect is no fresh VM. */
  private readonly connectedBefore = new Set<string>()
  /** Sessions where a guard loop of this app run ran: a reconnect asks it rather than start another. */
  private readonly guardRanIn = new Set<string>()
  /** Sessions whose count was disputed: that alert stays, whatever the count does, until the user has seen it. */
  private readonly disputed = new Set<string>()
  /** The guard tags this app run typed in each session: turned off, the loop on the host is told all of them. */
  private readonly tagsUsed = new Map<string, Set<string>>()
  /** Sessions that lost a connection: how many of Shipmate's own the host may still count at the reconnect. */
  private readonly ownEarlier = new Map<string, number>()
  private readonly unsubscribe: () => void

  constructor(deps: SessionAlertsDeps) {
    this.deps = deps
    this.guardRun = deps.guardRun ?? new GuardRun()
    this.unsubscribe = deps.events.subscribe((name, payload) => {
      if (name === 'sessions.changed') this.follow(payload as SessionSummary)
      if (name === 'sessions.removed') this.forget((payload as { sessionId: string }).sessionId)
    })
  }

  setGuard(sessionId: string, enabled: boolean): void {
    if (enabled) this.guardOff.delete(sessionId)
    else this.guardOff.add(sessionId)
    const summary = this.deps.sessions.list().find((session) => session.id === sessionId)
    this.detach(sessionId)
    if (summary) this.follow(summary)
  }

  /** "That's me": the alert goes, the watching goes on; a later join alerts again. */
  acknowledge(sessionId: string): void {
    const watch = this.deps.sessions.watchOf(sessionId)
    this.disputed.delete(sessionId)
    this.deps.sessions.setWatch(sessionId, { alert: false })
    this.deps.sessions.record(sessionId, 'acknowledged', watch?.mates ?? null)
  }

  /** The user acted on a job: every session attached to it gets the entry. */
  recordJobAction(accountId: string, jobId: number, kind: 'job_canceled' | 'log_deleted'): void {
    for (const id of this.deps.sessions.sessionsOfJob(accountId, jobId)) {
      this.deps.sessions.record(id, kind, this.deps.sessions.watchOf(id)?.mates ?? null)
      if (kind === 'job_canceled') this.deps.sessions.jobCanceled(id)
    }
  }

  dispose(): void {
    this.unsubscribe()
    for (const id of [...this.watched.keys()]) this.detach(id)
  }

  private follow(summary: SessionSummary): void {
    const live = summary.state === 'connected'
    if (live && !this.watched.has(summary.id)) this.attach(summary)
    else if (!live && this.watched.has(summary.id)) {
      if (summary.state === 'reconnecting') {
        this.ownEarlier.set(summary.id, (this.watched.get(summary.id)?.detector.ownEarlier ?? 0) + 1)
      }
      this.detach(summary.id)
    }
    if (summary.state === 'ended' || summary.state === 'failed') {
      // Over: nothing is watched any more, whatever the guard said last.
      if (summary.guardDetail !== DETECTION_DETAIL.ended) this.deps.sessions.setWatch(summary.id, { guard: 'off', guardDetail: DETECTION_DETAIL.ended })
    }
  }

  private attach(summary: SessionSummary): void {
    const { sessions } = this.deps
    const mirror = sessions.mirrorOf(summary.id)
    if (!mirror) return
    const host: GuardHost = {
      readOnly: summary.readOnly,
      lastRow: () => mirror.lastRow(),
      cursorLine: () => mirror.cursorLine().before,
      afterCursor: () => mirror.cursorLine().after,
      // tmux keeps a viewer on the alternate screen all the time; the window name tells full-screen apps.
      alternateScreen: () => false,
      screenText: () => mirror.screenText(),
      onChange: (listener) => mirror.onChange(listener),
      // A line that fails to go out shows as the guard's missing answer, which it reports.
      type: (data) => void sessions.input(summary.id, data).catch(() => undefined),
    }
    const guard = new SessionGuard(host, {
      enabled: (this.deps.guardByDefault ?? true) && !this.guardOff.has(summary.id),
      run: this.guardRun,
      resumed: this.guardRanIn.has(summary.id),
      retire: [...(this.tagsUsed.get(summary.id) ?? [])],
    })
    const stops = [
      guard.onChange((status) => {
        if (guard.tag !== undefined) this.tagsUsed.set(summary.id, (this.tagsUsed.get(summary.id) ?? new Set()).add(guard.tag))
        if (status.state === 'running') this.guardRanIn.add(summary.id)
        if (status.state === 'unavailable') sessions.record(summary.id, 'guard_unavailable', null, status.detail)
        this.refresh(summary.id)
      }),
    ]
    const detector = new JoinDetector({ firstConnect: !this.connectedBefore.has(summary.id), ownEarlier: this.ownEarlier.get(summary.id) ?? 0 })
    this.ownEarlier.delete(summary.id)
    this.connectedBefore.add(summary.id)
    // Registered before the watch reads the screen: a reading from the screen kept through a
    // reconnect changes the summary at once, and that change must not attach a second guard.
    const watched: Watched = { guard, detector, stops, started: false }
    this.watched.set(summary.id, watched)
    // The watch listens before the guard starts, so it reads each screen change before the guard
    // acts on it; it reads only once the guard has started, since a guard not started yet reads as
    // "detection unavailable", which after a reconnect (the status row kept on the screen) it would
    // report as an entry of its own.
    watched.watch = new JoinWatch(mirror, guard, (events) => this.handle(summary.id, events), { detector, readNow: false })
    this.refresh(summary.id)
    guard.start()
    watched.watch.read()
  }

  /**
   * Puts the one join-detection state into the summary, and records "started" the first time on a
   * connection that Shipmate reads a count of its own: never while the loop has no count to give.
   */
  private refresh(sessionId: string): void {
    const watched = this.watched.get(sessionId)
    if (!watched) return
    const guard = watched.guard.snapshot()
    const detection = detectionState({
      ended: false,
      turnedOff: this.guardOff.has(sessionId),
      guard,
      // Started means answered under this connection's tag; a loop of ours seen before that is only being confirmed.
      confirming: guard.detail === GUARD_DETAIL.confirming,
      mates: watched.detector.mates,
      unavailable: watched.detector.unavailableWith,
    })
    this.deps.sessions.setWatch(sessionId, { guard: summaryGuard(detection), guardDetail: detection.detail })
    if (detection.state === 'on' && !watched.started) {
      watched.started = true
      this.deps.sessions.record(sessionId, 'guard_started', detection.mates)
    }
  }

  private forget(sessionId: string): void {
    this.detach(sessionId)
    this.connectedBefore.delete(sessionId)
    this.guardRanIn.delete(sessionId)
    this.disputed.delete(sessionId)
    this.tagsUsed.delete(sessionId)
    this.ownEarlier.delete(sessionId)
  }

  private detach(sessionId: string): void {
    const watched = this.watched.get(sessionId)
    if (!watched) return
    this.watched.delete(sessionId)
    for (const stop of watched.stops) stop()
    watched.watch?.stop()
    watched.guard.stop()
  }

  private handle(sessionId: string, events: DetectionEvent[]): void {
    this.handleEvents(sessionId, events)
    this.refresh(sessionId)
  }

  private handleEvents(sessionId: string, events: DetectionEvent[]): void {
    const { sessions } = this.deps
    for (const event of events) {
      const entry = timelineEntry(sessionId, event, new Date())
      const record = () => {
        if (entry) sessions.record(sessionId, entry.kind, entry.mates, entry.detail)
      }
      switch (event.kind) {
        case 'count':
          sessions.setWatch(sessionId, { mates: event.mates, ...(event.mates !== null && event.mates < 2 ? this.calm(sessionId) : {}) })
          break
        case 'joined':
          sessions.setWatch(sessionId, { mates: event.mates })
          record()
          if (event.mates >= 2) this.raise(sessionId, event.mates, joinAlert('joined', event.mates))
          break
        case 'present_at_connect':
          sessions.setWatch(sessionId, { mates: event.mates })
          record()
          this.raise(sessionId, event.mates, joinAlert('was already in', event.mates))
          break
        case 'left':
          sessions.setWatch(sessionId, { mates: event.mates, ...(event.mates < 2 ? this.calm(sessionId) : {}) })
          record()
          break
        case 'detection_unavailable':
          sessions.setWatch(sessionId, { mates: null })
          record()
          break
        case 'count_disputed': {
          record()
          this.disputed.add(sessionId)
          // One notification per alert: a writer fighting the guard shows in the timeline, not as a flood.
          const alerting = sessions.list().find((session) => session.id === sessionId)?.alert === true
          if (!alerting) {
            this.raise(sessionId, event.mates, {
              title: 'The count in your debug session was set by someone else',
              body: `${event.detail} Cancel the job if you cannot tell who.`,
            })
          }
          break
        }
        case 'possible_join':
          record()
          this.raise(sessionId, null, {
            title: 'Someone with a smaller window is connected',
            body: `Someone with a smaller window is connected; ${noCount(event.reason)}. Cancel the job if it was not a teammate.`,
          })
          break
        case 'possible_leave':
          record()
          sessions.setWatch(sessionId, this.calm(sessionId))
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
  private calm(sessionId: string): { alert?: false } {
    return this.disputed.has(sessionId) ? {} : { alert: false }
  }

  private raise(sessionId: string, mates: number | null, alert: { title: string; body: string }): void {
    const { sessions } = this.deps
    const summary = sessions.list().find((session) => session.id === sessionId)
    sessions.setWatch(sessionId, { alert: true })
    sessions.record(sessionId, 'alert', mates, alert.title)
    const body = `${summary?.title ?? 'A session'}: ${alert.body}`
    if (this.deps.notifier) this.deps.notifier.notify(alert.title, body, sessionId)
    else this.deps.events.emit('alerts.notify', { sessionId, title: alert.title, body })
    this.deps.log.warn(`alert: ${alert.title} (${summary?.title ?? sessionId}, ${mates ?? 'unknown'} connected)`)
  }
}

function joinAlert(what: 'joined' | 'was already in', mates: number): { title: string; body: string } {
  return {
    title: what === 'joined' ? 'Someone joined your debug session' : 'Someone was already in your debug session',
    body: `${mates} connected, you included. Cancel the job if it was not a teammate.`,
  }
}
