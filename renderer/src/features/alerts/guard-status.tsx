import type { GuardState, SessionSummary } from '@shared/api'
import { bridge } from '../../bridge'

const labels: Record<GuardState, string> = {
  off: 'Join detection is off',
  waiting_for_prompt: 'Join detection starts at the next idle shell prompt',
  starting: 'Starting join detection…',
  running: 'Join detection is on',
  unavailable: 'Join detection is unavailable',
}

/** What join detection promises and what it cannot, in one sentence. */
const GUARD_PROMISE =
  'Shipmate tells you within a second of everyone who joins after you connect, and of every sign it can see that someone was in before you, ' +
  'but it cannot catch an intruder who prepared the VM before you connected (for example by replacing the tmate command), because all it knows comes from the VM.'

/** Says plainly whether Shipmate can see who else is in: never a silent "all clear". */
export function GuardStatus({ session }: { session: SessionSummary }) {
  const on = session.guard !== 'off'
  // Once the connection is over nothing is watched, whatever join detection said last.
  const left = session.state === 'ended' || session.state === 'failed'
  return (
    <div className={`guard guard-${left ? 'off' : session.guard}`} role="status" aria-label="Join detection">
      {left ? (
        <span>Join detection stopped: you are no longer connected, so Shipmate cannot see who is in the session.</span>
      ) : (
        <span>
          {labels[session.guard]}
          {session.guard === 'running' && session.mates !== null ? ` · ${session.mates} connected, you included` : ''}
          {session.guardDetail ? ` · ${session.guardDetail}` : ''}
        </span>
      )}
      {session.state === 'connected' && !session.readOnly ? (
        <button type="button" onClick={() => void bridge().request('sessions.setGuard', { sessionId: session.id, enabled: !on })}>
          {on ? 'Turn off join detection' : 'Turn on join detection'}
        </button>
      ) : null}
      {session.guard !== 'off' ? (
        <details className="guard-what">
          <summary>What is this?</summary>
          At an idle shell prompt Shipmate types one short line that starts a small background loop on the VM. It reads how many clients are
          connected every half second and shows the number in everyone&apos;s status line, because tmate tells only the VM, not you, when
          someone joins. Shipmate reads that number itself and reports any count someone else wrote there.{' '}
          <strong>{GUARD_PROMISE}</strong>
        </details>
      ) : null}
    </div>
  )
}
