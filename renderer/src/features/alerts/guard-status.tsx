import type { SessionSummary } from '@shared/api'
import { detectionHeadline } from '@shared/detection'
import { bridge } from '../../bridge'

/** What join detection promises and what it cannot, in one sentence. */
const GUARD_PROMISE =
  'Shipmate tells you within a second of everyone who joins after you connect, and of every sign it can see that someone was in before you, ' +
  'but it cannot catch an intruder who prepared the VM before you connected (for example by replacing the tmate command), because all it knows comes from the VM.'

/** Says plainly whether Shipmate can see who else is in: never a silent "all clear". */
export function GuardStatus({ session }: { session: SessionSummary }) {
  const { detection } = session
  const on = detection.state !== 'off' && detection.state !== 'ended'
  const headline = detectionHeadline(detection)
  // Where the detail already starts with what the headline says, it is said once.
  const text = detection.detail.startsWith(headline) ? detection.detail : `${headline} · ${detection.detail}`
  return (
    <div className={`guard guard-${detection.state}`} role="status" aria-label="Join detection">
      <span>{text}</span>
      {session.state === 'connected' && !session.readOnly ? (
        <button type="button" onClick={() => void bridge().request('sessions.setGuard', { sessionId: session.id, enabled: !on })}>
          {on ? 'Turn off join detection' : 'Turn on join detection'}
        </button>
      ) : null}
      {on ? (
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
