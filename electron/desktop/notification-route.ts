import type { NotificationAction } from 'electron'
import type { SessionSummary } from '@shared/api'

/** What an alert notification leads to: the session to show on a click, and the job its action cancels. */
export interface NotificationRoute {
  readonly sessionId?: string
  readonly actions: NotificationAction[]
  /** Set when `actions[0]` is "Cancel job now". */
  readonly cancelJob?: { readonly accountId: string; readonly jobId: number }
}

export const CANCEL_JOB_ACTION = 'Cancel job now'

/**
 * Which session an alert notification is about. The core names it when it can (`sessionId`); else
 * the alert's body starts with the session's title (titles are unique among open sessions), and the
 * longest such title among sessions in alert wins, so "o/r #1.1" never takes "o/r #1.10"'s alert.
 *
 * The "Cancel job now" action is added on Linux, where the notification server shows actions when
 * it supports them and leaves them out otherwise, and only for a session that belongs to a job.
 */
export function routeNotification(
  alert: { readonly body: string; readonly sessionId?: string },
  sessions: readonly SessionSummary[],
  platform: NodeJS.Platform,
): NotificationRoute {
  const named = alert.sessionId === undefined ? undefined : sessions.find((session) => session.id === alert.sessionId)
  const session =
    named ??
    sessions
      .filter((candidate) => candidate.alert && alert.body.startsWith(`${candidate.title}: `))
      .sort((a, b) => b.title.length - a.title.length)[0]
  if (!session) return { actions: [] }
  const job = session.job
  if (platform !== 'linux' || !job) return { sessionId: session.id, actions: [] }
  return {
    sessionId: session.id,
    actions: [{ type: 'button', text: CANCEL_JOB_ACTION }],
    cancelJob: { accountId: job.accountId, jobId: job.jobId },
  }
}
