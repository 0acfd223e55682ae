import type { SessionSummary } from '@shared/types/sessions'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { SessionGuard, type GuardHost } from '../sessions/guard'
import type { Sessions } from '../sessions/sessions'
import type { DetectionEvent } from './detector'
import { JoinWatch } from './join-watch'
import type { Notifier } from './notifier'

export interface SessionAlertsDeps {
  sessions: Sessions
  events: EventHub
  log: Logger
  /** OS notifications; absent, the page is asked to show one (browser mode). */
  notifier?: Notifier
  /** The tray's alert state (Electron), told whenever any session's alert changes. */
  onAlertChange?: (alerting: boolean, summary: string) => void
  guardByDefault?: boolean
}

interface Watched {
  guard: SessionGuard
  watch: JoinWatch
  stops: (() => void)[]
}

/**
 * Joins the session guard and the join detection to each connected session, and turns what they
 * find into the summary's fields, timeline entries and alerts (notification, banner, tray).
 */
export class SessionAlerts {
  private readonly deps: SessionAlertsDeps
  private readonly watched = new Map<string, Watched>()
  private readonly guardOff = new Set<string>()
  private readonly unsubscribe: () => void

  constructor(deps: SessionAlertsDeps) {
    this.deps = deps
    this.unsubscribe = deps.events.subscribe((name, payload) => {
      if (name === 'sessions.changed') this.follow(payload as SessionSummary)
      if (name === 'sessions.removed') this.detach((payload as { sessionId: string }).sessionId)
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
    this.deps.sessions.setWatch(sessionId, { alert: false })
    this.deps.sessions.record(sessionId, 'acknowledged', watch?.mates ?? null)
    this.trayState()
  }

  /** The user acted on a job: every session attached to it gets the entry. */
  recordJobAction(accountId: string, jobId: number, kind: 'job_canceled' | 'log_deleted'): void {
    for (const id of this.deps.sessions.sessionsOfJob(accountId, jobId)) {
      this.deps.sessions.record(id, kind, this.deps.sessions.watchOf(id)?.mates ?? null)
    }
  }

  dispose(): void {
    this.unsubscribe()
    for (const id of [...this.watched.keys()]) this.detach(id)
  }

  private follow(summary: SessionSummary): void {
    const live = summary.state === 'connected'
    if (live && !this.watched.has(summary.id)) this.attach(summary)
    else if (!live && this.watched.has(summary.id)) this.detach(summary.id)
    if (summary.state === 'ended' || summary.state === 'failed') this.trayState()
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
      type: (data) => sessions.input(summary.id, data),
    }
    const guard = new SessionGuard(host, { enabled: (this.deps.guardByDefault ?? true) && !this.guardOff.has(summary.id) })
    const stops = [
      guard.onChange((status) => {
        sessions.setWatch(summary.id, { guard: status.state, guardDetail: status.detail })
        if (status.state === 'running') sessions.record(summary.id, 'guard_started', sessions.watchOf(summary.id)?.mates ?? null)
        if (status.state === 'unavailable') sessions.record(summary.id, 'guard_unavailable', null, status.detail)
      }),
    ]
    const watch = new JoinWatch(mirror, guard, (events) => this.handle(summary.id, events))
    this.watched.set(summary.id, { guard, watch, stops })
    const status = guard.snapshot()
    sessions.setWatch(summary.id, { guard: status.state, guardDetail: status.detail })
    guard.start()
  }

  private detach(sessionId: string): void {
    const watched = this.watched.get(sessionId)
    if (!watched) return
    this.watched.delete(sessionId)
    for (const stop of watched.stops) stop()
    watched.watch.stop()
    watched.guard.stop()
  }

  private handle(sessionId: string, events: DetectionEvent[]): void {
    const { sessions } = this.deps
    for (const event of events) {
      switch (event.kind) {
        case 'count':
          sessions.setWatch(sessionId, { mates: event.mates, ...(event.mates !== null && event.mates < 2 ? { alert: false } : {}) })
          break
        case 'joined':
          sessions.setWatch(sessionId, { mates: event.mates })
          sessions.record(sessionId, 'joined', event.mates)
          if (event.mates >= 2) this.raise(sessionId, event.mates, 'joined')
          break
        case 'present_at_connect':
          sessions.setWatch(sessionId, { mates: event.mates })
          sessions.record(sessionId, 'present_at_connect', event.mates)
          this.raise(sessionId, event.mates, 'was already in')
          break
        case 'left':
          sessions.setWatch(sessionId, { mates: event.mates, ...(event.mates < 2 ? { alert: false } : {}) })
          sessions.record(sessionId, 'left', event.mates)
          this.trayState()
          break
        case 'detection_unavailable':
          sessions.setWatch(sessionId, { mates: null })
          sessions.record(sessionId, 'detection_unavailable', null, event.detail)
          break
        case 'smaller_client':
          sessions.record(sessionId, 'smaller_client', event.mates, `a client at ${event.width}x${event.height} is connected`)
          break
      }
    }
  }

  private raise(sessionId: string, mates: number, what: 'joined' | 'was already in'): void {
    const { sessions } = this.deps
    const summary = sessions.list().find((session) => session.id === sessionId)
    sessions.setWatch(sessionId, { alert: true })
    sessions.record(sessionId, 'alert', mates)
    const title = what === 'joined' ? 'Someone joined your debug session' : 'Someone was already in your debug session'
    const body = `${summary?.title ?? 'A session'}: ${mates} connected, you included. Cancel the job if it was not a teammate.`
    if (this.deps.notifier) this.deps.notifier.notify(title, body)
    else this.deps.events.emit('alerts.notify', { sessionId, title, body })
    this.deps.log.warn(`alert: ${title} (${summary?.title ?? sessionId}, ${mates} connected)`)
    this.trayState()
  }

  private trayState(): void {
    const alerting = this.deps.sessions.list().filter((session) => session.alert && session.state !== 'ended' && session.state !== 'failed')
    this.deps.onAlertChange?.(
      alerting.length > 0,
      alerting.length > 0 ? `Shipmate: someone else is in ${alerting.map((session) => session.title).join(', ')}` : 'Shipmate',
    )
  }
}
