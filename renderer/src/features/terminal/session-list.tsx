import type { SessionSummary } from '@shared/api'
import { showSession, useSessionsStore } from '../../store/sessions-store'
import { sessionStateLabel } from './session-state-label'

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

export function SessionList() {
  const order = useSessionsStore((state) => state.order)
  const sessions = useSessionsStore((state) => state.sessions)
  const currentId = useSessionsStore((state) => state.currentId)
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-sessions">
      <h2 id="sidebar-sessions">Sessions</h2>
      {order.length > 0 ? (
        // The paste box lives on the home screen; this is the way back to it while a session is shown.
        <button type="button" className="link-button" onClick={() => showSession(undefined)}>
          New session…
        </button>
      ) : null}
      {order.length === 0 ? <p className="muted">No debug sessions.</p> : null}
      <ul className="account-list" aria-label="Sessions">
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
