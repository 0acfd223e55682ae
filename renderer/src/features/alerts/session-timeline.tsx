import { useEffect } from 'react'
import type { TimelineEvent } from '@shared/api'
import { bridge } from '../../bridge'
import { loadTimeline, useSessionsStore } from '../../store/sessions-store'
import { coalesceRepeats } from './timeline-repeats'

const EMPTY: TimelineEvent[] = []

const kindLabels: Record<TimelineEvent['kind'], string> = {
  connected: 'Connected',
  disconnected: 'Connection lost',
  reconnected: 'Reconnected',
  guard_started: 'Join detection started',
  guard_unavailable: 'Join detection unavailable',
  guard_stopped: 'Join detection stopped as you left',
  joined: 'Someone joined',
  left: 'Someone left',
  present_at_connect: 'Someone was already in when you connected',
  count_disputed: 'The count on the status row was disputed',
  early_sign: 'Seen when you connected',
  smaller_client: 'A client with a smaller window is connected',
  possible_join: 'Someone may have joined',
  possible_leave: 'The smaller window is gone',
  detection_unavailable: 'Join detection unavailable',
  alert: 'Alert raised',
  acknowledged: 'Marked as you / a teammate',
  job_canceled: 'Job cancelled',
  log_deleted: 'Job log deleted',
  ended: 'Session ended',
  failed: 'Session failed',
  previous_connection: 'Your previous connection is still counted',
  previous_connection_gone: 'Your previous connection is gone',
  keep_alive_started: 'Keep-alive started',
}

/** Who was in the session when: a strip coloured by the number of clients, then every event. */
export function SessionTimeline({ sessionId, openedAt }: { sessionId: string; openedAt: string }) {
  const events = useSessionsStore((state) => state.timelines[sessionId] ?? EMPTY)
  useEffect(() => {
    void loadTimeline(bridge(), sessionId).catch(() => {})
  }, [sessionId])

  const start = Date.parse(openedAt)
  const end = Math.max(Date.now(), ...events.map((event) => Date.parse(event.at)))
  const span = Math.max(1, end - start)
  const stretches: { from: number; to: number; mates: number | null }[] = []
  let mates: number | null = null
  let from = start
  for (const event of events) {
    if (event.mates === mates) continue
    const at = Date.parse(event.at)
    stretches.push({ from, to: at, mates })
    from = at
    mates = event.mates
  }
  stretches.push({ from, to: end, mates })

  return (
    <section className="timeline" aria-label="Session timeline">
      <div className="timeline-strip" aria-hidden="true">
        {stretches
          .filter((stretch) => stretch.to > stretch.from)
          .map((stretch) => (
            <span
              key={stretch.from}
              className={stretch.mates === null ? 'strip-unknown' : stretch.mates >= 2 ? 'strip-others' : 'strip-alone'}
              style={{ width: `${((stretch.to - stretch.from) / span) * 100}%` }}
              title={stretch.mates === null ? 'unknown' : `${stretch.mates} connected`}
            />
          ))}
      </div>
      <ol className="timeline-events" tabIndex={0}>
        {coalesceRepeats(events).map(({ event, count, lastAt }, index) => (
          <li key={index} className={`timeline-entry timeline-${event.kind}`}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleTimeString()}</time> {kindLabels[event.kind]}
            {event.mates !== null ? ` (${event.mates} connected)` : ''}
            {event.detail ? ` — ${event.detail}` : ''}
            {count > 1 ? (
              <span className="timeline-repeats" title={`${count} times, the last at ${new Date(lastAt).toLocaleTimeString()}`}>
                {' '}
                ×{count}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
