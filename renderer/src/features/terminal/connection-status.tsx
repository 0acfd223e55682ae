import { useEffect, useState } from 'react'
import type { SessionSummary, TimelineEvent } from '@shared/api'
import { bridge } from '../../bridge'
import { useSessionsStore } from '../../store/sessions-store'
import { connectionNotice } from './connection-notice'
import { terminals } from './terminal-registry'

const EMPTY: TimelineEvent[] = []

/**
 * The connection as the user needs to know it: "not responding" with the time since the server's
 * last data, reconnecting, failed, each with its one way forward; and the terminal refuses keys
 * while they could not reach the host, so none are taken and silently lost.
 */
export function ConnectionStatus({ session }: { session: SessionSummary }) {
  const timeline = useSessionsStore((state) => state.timelines[session.id] ?? EMPTY)
  const [now, setNow] = useState(() => Date.now())
  const [error, setError] = useState<string>()
  const silent = session.state === 'connected' && session.silentSince !== undefined

  useEffect(() => {
    if (!silent) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [silent])

  const notice = connectionNotice(session, timeline, now)
  const refuses = notice?.refusesInput ?? false

  useEffect(() => {
    const term = terminals.get(session.id).term
    term.options.disableStdin = refuses
    return () => {
      term.options.disableStdin = false
    }
  }, [session.id, refuses])

  if (!notice) return null
  return (
    <div className={`banner banner-${notice.tone} connection-status`} role="status" aria-label="Connection">
      <span>{notice.text}</span>
      {notice.action ? (
        <button
          type="button"
          onClick={() => {
            setError(undefined)
            bridge()
              .request('sessions.reconnect', { sessionId: session.id })
              .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
          }}
        >
          {notice.action}
        </button>
      ) : null}
      {error ? <span role="alert">{error}</span> : null}
    </div>
  )
}
