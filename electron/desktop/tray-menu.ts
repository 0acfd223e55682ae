import type { MenuItemConstructorOptions } from 'electron'
import type { EventName, Events, SessionState, SessionSummary } from '@shared/api'
import { detectionWords } from '@shared/detection'
import { sessionStateLabel } from '@shared/session-state-label'

/** The window's words for a session's state, mid-sentence: lower case, without the "…" of one in progress. */
const stateWords = (state: SessionState) => sessionStateLabel(state).toLowerCase().replace(/…$/, '')

export interface TraySessionItem {
  readonly sessionId: string
  readonly label: string
  readonly alert: boolean
}

export interface TrayModel {
  /** The icon's alert state: some session has an alert the user has not acknowledged. */
  readonly alerting: boolean
  readonly tooltip: string
  readonly sessions: readonly TraySessionItem[]
}

/**
 * What the tray shows: each session with its state and whether joins are detected. The alert state
 * comes from `unacknowledged` (see `trackAlerts`), not from the live count: somebody who joined and
 * left again still needs the user's "that's me" before the icon calms down.
 */
export function trayModel(sessions: readonly SessionSummary[], unacknowledged: ReadonlySet<string>): TrayModel {
  const items = sessions.map((session) => {
    const alert = unacknowledged.has(session.id)
    const live = session.state !== 'ended' && session.state !== 'failed'
    const words = [stateWords(session.state), ...(live ? [detectionWords(session.detection)] : [])]
    return { sessionId: session.id, alert, label: `${alert ? '⚠ ' : ''}${session.title} — ${words.join(', ')}` }
  })
  const alerting = items.filter((item) => item.alert)
  const tooltip = alerting.length > 0 ? `Shipmate: someone else is in ${alerting.map((item) => titleOf(sessions, item.sessionId)).join(', ')}` : 'Shipmate'
  return { alerting: alerting.length > 0, tooltip, sessions: items }
}

function titleOf(sessions: readonly SessionSummary[], id: string): string {
  return sessions.find((session) => session.id === id)?.title ?? id
}

/**
 * Sessions with an alert not yet acknowledged, updated from the core's events: an `alert` timeline
 * entry raises it, `acknowledged` ("that's me") or the session's removal clears it.
 */
export function trackAlerts<E extends EventName>(unacknowledged: ReadonlySet<string>, name: E, payload: Events[E]): ReadonlySet<string> {
  if (name === 'sessions.timeline') {
    const event = payload as Events['sessions.timeline']
    if (event.kind === 'alert' && !unacknowledged.has(event.sessionId)) return new Set([...unacknowledged, event.sessionId])
    if (event.kind === 'acknowledged' && unacknowledged.has(event.sessionId)) return without(unacknowledged, event.sessionId)
  }
  if (name === 'sessions.removed') {
    const { sessionId } = payload as Events['sessions.removed']
    if (unacknowledged.has(sessionId)) return without(unacknowledged, sessionId)
  }
  return unacknowledged
}

function without(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set)
  next.delete(id)
  return next
}

export interface TrayActions {
  showWindow: () => void
  showSession: (sessionId: string) => void
  quit: () => void
}

export function trayMenuTemplate(model: TrayModel, actions: TrayActions): MenuItemConstructorOptions[] {
  const sessions: MenuItemConstructorOptions[] =
    model.sessions.length > 0
      ? model.sessions.map((item) => ({ label: item.label, click: () => actions.showSession(item.sessionId) }))
      : [{ label: 'No sessions', enabled: false }]
  return [
    { label: 'Show Shipmate', click: actions.showWindow },
    { type: 'separator' },
    ...sessions,
    { type: 'separator' },
    // Not the quit role: quitting asks first while sessions are open (see quit-question.ts).
    { label: 'Quit Shipmate', click: actions.quit },
  ]
}
