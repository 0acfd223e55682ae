import { Notification } from 'electron'
import type { SessionSummary } from '@shared/api'
import type { Notifier } from './core/alerts/notifier'
import { routeNotification } from './desktop/notification-route'

export interface AlertNotifierDeps {
  /** The sessions now; empty until the core exists. */
  sessions: () => SessionSummary[]
  /** Focuses the window and shows that session (its banner says what happened). */
  openSession: (sessionId: string | undefined) => void
  cancelJob: (job: { accountId: string; jobId: number }) => Promise<void>
}

/** Intruder alerts as OS notifications: a click shows the session, Linux's action cancels its job. */
export function createAlertNotifier(deps: AlertNotifierDeps): Notifier {
  return {
    notify: (title: string, body: string, sessionId: string) => {
      if (!Notification.isSupported()) return
      const route = routeNotification(sessionId, deps.sessions(), process.platform)
      const notification = new Notification({ title, body, urgency: 'critical', actions: route.actions })
      notification.on('click', () => deps.openSession(route.sessionId))
      notification.on('action', (details) => {
        deps.openSession(route.sessionId)
        if (details.actionIndex === 0 && route.cancelJob) void deps.cancelJob(route.cancelJob)
      })
      notification.show()
    },
  }
}
