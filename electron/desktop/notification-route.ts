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
 * Where an alert notification leads: the session the core named (`sessionId`), if it is still open.
 *
 * The "Cancel job now" action is added on Linux, where the notification server shows actions when
 * it supports them and leaves them out otherwise, and only for a session that belongs to a job.
 */
export function routeNotification(sessionId: string, sessions: readonly SessionSummary[], platform: NodeJS.Platform): NotificationRoute {
  const session = sessions.find((candidate) => candidate.id === sessionId)
  if (!session) return { actions: [] }
  const job = session.job
  if (platform !== 'linux' || !job) return { sessionId: session.id, actions: [] }
  return {
    sessionId: session.id,
    actions: [{ type: 'button', text: CANCEL_JOB_ACTION }],
    cancelJob: { accountId: job.accountId, jobId: job.jobId },
  }
}
