import type { SessionSummary } from '@shared/api'
import { bridge } from '../../bridge'
import { sessionStateLabel } from './session-state-label'

export function SessionHeader({ session }: { session: SessionSummary }) {
  const live = session.state !== 'ended' && session.state !== 'failed'
  return (
    <header className="session-header">
      <div>
        <h1>{session.title}</h1>
        <p className="muted">
          {session.maskedCommand}
          {session.readOnly ? ' · read-only' : ''}
        </p>
      </div>
      <div className="session-status" role="status" aria-label="Session status">
        <span className={`state state-session-${session.state}`}>{sessionStateLabel(session.state)}</span>
        {session.detail ? <span className="session-detail">{session.detail}</span> : null}
      </div>
      <div className="session-actions">
        {live ? (
          <button type="button" onClick={() => void bridge().request('sessions.disconnect', { sessionId: session.id })}>
            Disconnect
          </button>
        ) : (
          <button type="button" onClick={() => void bridge().request('sessions.forget', { sessionId: session.id })}>
            Close session
          </button>
        )}
      </div>
    </header>
  )
}
