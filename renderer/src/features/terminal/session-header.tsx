import type { SessionSummary } from '@shared/api'
import { sessionStateLabel } from '@shared/session-state-label'
import { bridge } from '../../bridge'

interface SessionHeaderProps {
  session: SessionSummary
  /** What Shipmate can see of who is in the session; it sits between the state and the actions. */
  detection?: React.ReactNode
  /** Runs after the user closed the session, to take them back to where they opened it from. */
  onClosed?: () => void
}

/**
 * One compact header: the session's name, its state as a chip, join detection, and the actions at
 * the right. The masked SSH command goes in the name's tooltip: it tells two sessions of one host
 * apart when needed, and takes no line of its own.
 */
export function SessionHeader({ session, detection, onClosed }: SessionHeaderProps) {
  const live = session.state !== 'ended' && session.state !== 'failed'
  return (
    <header className="session-header">
      <h1 title={session.maskedCommand}>{session.title}</h1>
      <div className="session-status" role="status" aria-label="Session status">
        <span className={`chip state-session-${session.state}`}>{sessionStateLabel(session.state)}</span>
        {session.readOnly ? <span className="chip">read-only</span> : null}
        {session.detail ? <span className="session-detail">{session.detail}</span> : null}
      </div>
      {detection ? <div className="session-detection">{detection}</div> : null}
      <div className="session-actions">
        {live ? (
          <button type="button" onClick={() => void bridge().request('sessions.disconnect', { sessionId: session.id })}>
            Disconnect
          </button>
        ) : (
          <button
            type="button"
            onClick={() => {
              void bridge()
                .request('sessions.forget', { sessionId: session.id })
                .then(() => onClosed?.())
                .catch(() => {})
            }}
          >
            Close session
          </button>
        )}
      </div>
    </header>
  )
}
