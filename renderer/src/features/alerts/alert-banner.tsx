import { useState } from 'react'
import type { SessionSummary, TimelineEvent } from '@shared/api'
import { bridge } from '../../bridge'
import { useSessionsStore } from '../../store/sessions-store'
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

/** Somebody else is in the session: say so at once and offer the ways out. */
export function AlertBanner({ session }: { session: SessionSummary }) {
  const [error, setError] = useState<string>()
  const [offerDelete, setOfferDelete] = useState(false)
  const dispute = latestDispute(useSessionsStore((state) => state.timelines[session.id] ?? EMPTY))
  if (!session.alert) return null
  const job = session.job
  const act = (work: () => Promise<unknown>) =>
    work().catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
  const others = session.mates === null ? 'Someone' : `${session.mates - 1} other${session.mates - 1 === 1 ? '' : 's'}`
  return (
    <div role="alert" className="alert-banner">
      {dispute ? (
        <>
          <strong>{dispute.detail}</strong>{' '}
          {session.mates === null
            ? 'Shipmate has no count of its own.'
            : `Shipmate's own reading: ${session.mates} connected, you included.`}{' '}
        </>
      ) : (
        <>
          <strong>
            {others} joined this session: {session.mates ?? '?'} connected, you included.
          </strong>{' '}
        </>
      )}
      Anyone in it can see and type everything you can, secrets included.
      <div className="alert-actions">
        {job ? (
          <button
            type="button"
            className="danger"
            onClick={() =>
              act(async () => {
                await bridge().request('jobs.cancel', { accountId: job.accountId, jobId: job.jobId })
                setOfferDelete(true)
              })
            }
          >
            Cancel job now
          </button>
        ) : null}
        <button type="button" onClick={() => act(() => bridge().request('sessions.disconnect', { sessionId: session.id }))}>
          Disconnect
        </button>
        <button type="button" onClick={() => act(() => bridge().request('sessions.acknowledgeAlert', { sessionId: session.id }))}>
          That&apos;s me
        </button>
      </div>
      {offerDelete && job ? (
        <p>
          The job was cancelled. Its log still holds the SSH line:{' '}
          <button type="button" onClick={() => act(() => bridge().request('jobs.deleteLog', { accountId: job.accountId, jobId: job.jobId }).then(() => setOfferDelete(false)))}>
            Delete the log too
          </button>
        </p>
      ) : null}
      <ErrorText message={error} />
    </div>
  )
}
