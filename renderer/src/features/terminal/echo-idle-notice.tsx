import { useEffect, useState } from 'react'
import type { DebugRun, SessionSummary } from '@shared/api'
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
 * session's output feeds the log: once the session has been idle a while, it says how long is left.
 */
export function EchoIdleNotice({ session, run, screenChangedAt, now = Date.now }: EchoIdleNoticeProps) {
  const watching = run !== undefined && !run.quiet && !run.terminal && session.state === 'connected'
  const [nowMs, setNowMs] = useState(now)

  useEffect(() => {
    if (!watching) return
    setNowMs(now())
    const timer = setInterval(() => setNowMs(now()), TICK_MS)
    return () => clearInterval(timer)
  }, [watching, now])

  if (!watching) return null
  const text = echoIdleNotice(nowMs - (screenChangedAt() ?? Date.parse(session.openedAt)))
  if (!text) return null
  return (
    <p className="banner banner-warning" role="status" aria-label="Idle echo-mode session">
      {text}
    </p>
  )
}
