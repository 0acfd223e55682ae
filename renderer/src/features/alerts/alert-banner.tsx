import { useEffect, useState } from 'react'
import type { SessionSummary, TimelineEvent } from '@shared/api'
import { bridge } from '../../bridge'
import { jobActionsOf, loadTimeline, useSessionsStore } from '../../store/sessions-store'
import { ErrorText } from '../common/error-text'

const EMPTY: TimelineEvent[] = []

/** The latest dispute of the count since the user last said "That's me", if any: it is what the alert is about. */
function latestDispute(events: readonly TimelineEvent[]): TimelineEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]
    if (event?.kind === 'acknowledged') return undefined
    if (event?.kind === 'count_disputed') return event
  }
  return undefined
}

/**
 * The smaller client the alert is about, when it is one: where no count is known, a smaller window is
 * all Shipmate can see, and the banner must not speak of a count it does not have.
 */
function latestPossibleJoin(events: readonly TimelineEvent[]): TimelineEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const kind = events[i]?.kind
    if (kind === 'acknowledged' || kind === 'joined' || kind === 'present_at_connect' || kind === 'possible_leave') return undefined
    if (kind === 'possible_join') return events[i]
  }
  return undefined
}

/** An alert was raised and not waved off with "That's me": the count may have calmed since, but the job action it led to still matters. */
function alertStands(events: readonly TimelineEvent[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const kind = events[i]?.kind
    if (kind === 'acknowledged') return false
    if (kind === 'alert') return true
  }
  return false
}

/** Somebody else is in the session: say so at once and offer the ways out that still apply. */
export function AlertBanner({ session }: { session: SessionSummary }) {
  const [error, setError] = useState<string>()
  const [closed, setClosed] = useState(false)
  const timeline = useSessionsStore((state) => state.timelines[session.id] ?? EMPTY)
  const raised = session.alert
  useEffect(() => {
    // The banner's choices follow the timeline: after a reload, fetch what happened before it.
    if (raised) void loadTimeline(bridge(), session.id).catch(() => {})
  }, [raised, session.id])

  const done = jobActionsOf(timeline)
  const live = session.state !== 'ended' && session.state !== 'failed'
  if (closed || !(session.alert || (done.canceled && alertStands(timeline)))) return null
  const dispute = latestDispute(timeline)
  const possible = latestPossibleJoin(timeline)
  const job = session.job
  const act = (work: () => Promise<unknown>) => {
    setError(undefined)
    work().catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
  }
  const others = session.mates === null ? 'Someone' : `${session.mates - 1} other${session.mates - 1 === 1 ? '' : 's'}`
  return (
    <div role="alert" className="alert-banner">
      {done.canceled ? (
        <>
          <strong>The job was cancelled.</strong>{' '}
          {done.logDeleted ? 'The job log was deleted too.' : "Its log still holds this session's SSH line."}
        </>
      ) : (
        <>
          {dispute ? (
            <>
              <strong>{dispute.detail}</strong>{' '}
              {session.mates === null
                ? 'Shipmate has no count of its own.'
                : `Shipmate's own reading: ${session.mates} connected, you included.`}{' '}
            </>
          ) : possible && session.mates === null ? (
            <>
              <strong>{possible.detail}</strong>{' '}
            </>
          ) : (
            <>
              <strong>
                {others} joined this session: {session.mates ?? '?'} connected, you included.
              </strong>{' '}
            </>
          )}
          {live
            ? 'Anyone in it can see and type everything you can, secrets included.'
            : 'You are out of the session, but the job runs on and anyone who joined can still see and type everything in it.'}
        </>
      )}
      <div className="alert-actions">
        {job && !done.canceled ? (
          <button type="button" className="danger" onClick={() => act(() => bridge().request('jobs.cancel', { accountId: job.accountId, jobId: job.jobId }))}>
            Cancel job now
          </button>
        ) : null}
        {job && done.canceled && !done.logDeleted ? (
          <button type="button" onClick={() => act(() => bridge().request('jobs.deleteLog', { accountId: job.accountId, jobId: job.jobId }))}>
            Delete log
          </button>
        ) : null}
        {live && !done.canceled ? (
          <>
            <button type="button" onClick={() => act(() => bridge().request('sessions.disconnect', { sessionId: session.id }))}>
              Disconnect
            </button>
            <button type="button" onClick={() => act(() => bridge().request('sessions.acknowledgeAlert', { sessionId: session.id }))}>
              That&apos;s me
            </button>
          </>
        ) : null}
        {!live || done.canceled ? (
          <button type="button" onClick={() => setClosed(true)}>
            Close
          </button>
        ) : null}
      </div>
      <ErrorText message={error} />
    </div>
  )
}
