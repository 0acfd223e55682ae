import { useShallow } from 'zustand/react/shallow'
import type { DebugRun, SessionSummary } from '@shared/api'
import { detectionWords } from '@shared/detection'
import { sessionStateLabel } from '@shared/session-state-label'
import { navigate, useBrowseStore } from '../../store/browse-store'
import { useDebugStore } from '../../store/debug-store'
import { showSession, useSessionsStore } from '../../store/sessions-store'

/** The tmate window the session shows now: what tells apart two sessions of one job or host at a glance. */
function currentWindow(session: SessionSummary): string | undefined {
  return session.windows.find((window) => window.current)?.name
}

/** What a screen reader says for the row: the parts read as separate phrases, not run together. */
function accessibleName(session: SessionSummary): string {
  const window = currentWindow(session)
  const parts = [session.title, ...(window ? [`window ${window}`] : []), sessionStateLabel(session.state)]
  if (session.alert) parts.push(session.mates ? `someone else joined, ${session.mates} people in the session` : 'someone else joined')
  return parts.join(', ')
}

/**
 * Debug runs still on their way to a session, listed from their first step: once a run has its
 * session, the session's row stands for it. A run that ended without one stays while it is shown.
 */
function pendingRuns(runs: Record<string, DebugRun>, shownRunId: string | undefined): DebugRun[] {
  return Object.values(runs).filter((run) => run.sessionId === undefined && (!run.terminal || run.id === shownRunId))
}

function openRun(run: DebugRun): void {
  showSession(undefined)
  const view = useBrowseStore.getState().view
  if (view.name !== 'debug' || view.runId !== run.id) navigate({ name: 'debug', runId: run.id })
}

export function SessionList() {
  const order = useSessionsStore((state) => state.order)
  const sessions = useSessionsStore((state) => state.sessions)
  const currentId = useSessionsStore((state) => state.currentId)
  const shownRunId = useBrowseStore((state) => (state.view.name === 'debug' ? state.view.runId : undefined))
  const runs = useDebugStore(useShallow((state) => pendingRuns(state.runs, shownRunId)))
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-sessions">
      <h2 id="sidebar-sessions">Sessions</h2>
      {order.length > 0 ? (
        // The paste box lives on the home screen; this is the way back to it while a session is shown.
        <button type="button" className="link-button" onClick={() => showSession(undefined)}>
          New session…
        </button>
      ) : null}
      {order.length === 0 && runs.length === 0 ? <p className="muted">No debug sessions.</p> : null}
      <ul className="account-list" aria-label="Sessions">
        {runs.map((run) => {
          const title = `${run.repoSlug} #${run.jobNumber}`
          const shown = currentId === undefined && run.id === shownRunId
          return (
            <li key={run.id} className={shown ? 'account current' : 'account'}>
              <button
                type="button"
                className="account-switch session-switch"
                aria-current={shown ? 'true' : undefined}
                aria-label={`${title}, debug run, ${run.label}`}
                onClick={() => openRun(run)}
              >
                <span className="session-line">
                  <span className="session-title">{title}</span>
                </span>
                <span className="account-endpoint">{run.label}</span>
              </button>
            </li>
          )
        })}
        {order.map((id) => {
          const session = sessions[id]
          if (!session) return null
          const window = currentWindow(session)
          return (
            <li key={id} className={id === currentId ? 'account current' : 'account'}>
              <button
                type="button"
                className="account-switch session-switch"
                aria-current={id === currentId ? 'true' : undefined}
                aria-label={accessibleName(session)}
                title={`${sessionStateLabel(session.state)}, ${detectionWords(session.detection)}`}
                onClick={() => showSession(id)}
              >
                <span className="session-line">
                  <span className="session-title">{session.title}</span>
                  {session.alert ? (
                    <span className="badge badge-alert" aria-hidden="true">
                      ⚠ {session.mates ?? ''}
                    </span>
                  ) : null}
                </span>
                <span className="account-endpoint">
                  {sessionStateLabel(session.state)}
                  {window ? ` · ${window}` : ''}
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
