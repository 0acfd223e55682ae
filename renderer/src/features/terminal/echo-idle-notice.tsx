import { useEffect, useState } from 'react'
import type { DebugRun, SessionSummary } from '@shared/api'
import { bridge } from '../../bridge'
import { ErrorText } from '../common/error-text'
import { echoIdleNotice } from '../debug/echo-idle'

/** Often enough that the note goes soon after output comes back, and its minutes stay right. */
const TICK_MS = 5_000

interface EchoIdleNoticeProps {
  session: SessionSummary
  run: DebugRun | undefined
  /** When the session's screen last changed (the terminal registry's `screenChangedAt`). */
  screenChangedAt: () => number | undefined
  now?: () => number
}

/**
 * In echo mode Travis ends the job once its log has had no output for ten minutes, and only the
 * session's output feeds the log: once the session has been idle a while, it says how long is left
 * and offers the keep-alive; once that runs, it says so instead.
 */
export function EchoIdleNotice({ session, run, screenChangedAt, now = Date.now }: EchoIdleNoticeProps) {
  const watching = run !== undefined && !run.quiet && !run.terminal && session.state === 'connected'
  const [nowMs, setNowMs] = useState(now)
  const [error, setError] = useState<string>()

  useEffect(() => {
    if (!watching || session.keepAlive === 'on') return
    setNowMs(now())
    const timer = setInterval(() => setNowMs(now()), TICK_MS)
    return () => clearInterval(timer)
  }, [watching, session.keepAlive, now])

  if (!watching) return null
  if (session.keepAlive === 'on') {
    return (
      <p className="muted" role="status" aria-label="Keep-alive">
        Keep-alive on: while the session is idle, the job log gets an invisible reset each minute, so Travis does not end the job for want of output.
      </p>
    )
  }
  const text = echoIdleNotice(nowMs - (screenChangedAt() ?? Date.parse(session.openedAt)))
  if (!text) return null
  const keepAlive = async () => {
    setError(undefined)
    try {
      await bridge().request('sessions.keepAlive', { sessionId: session.id })
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause))
    }
  }
  return (
    <div className="banner banner-warning" role="status" aria-label="Idle echo-mode session">
      <span>{text}</span>
      {session.readOnly ? null : session.keepAlive === 'waiting' ? (
        <span> Shipmate types the keep-alive at the next idle shell prompt.</span>
      ) : (
        <button type="button" onClick={() => void keepAlive()} title="Types one short line at the next idle prompt; it erases itself">
          Keep the job alive
        </button>
      )}
      <ErrorText message={error} inline />
    </div>
  )
}
