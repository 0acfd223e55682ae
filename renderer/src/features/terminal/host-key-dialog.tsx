import { bridge } from '../../bridge'
import { useSessionsStore } from '../../store/sessions-store'
import { Modal } from '../common/modal'

/**
 * Trust on first use with the fingerprint shown; a changed key is refused, never trusted from here.
 * After the list of trusted hosts was lost, a host may only look new, and the dialog says so.
 */
export function HostKeyDialog() {
  const prompt = useSessionsStore((state) => state.hostKeyPrompt)
  if (!prompt) return null
  const answer = (trust: boolean) => {
    useSessionsStore.setState({ hostKeyPrompt: undefined })
    void bridge().request('sessions.answerHostKey', { sessionId: prompt.sessionId, trust }).catch(() => {})
  }
  if (prompt.changed) {
    // Refused already: there is nothing to decide, so one button leaves, and both keys are shown
    // whole so the user can compare them with what the server's owner published.
    return (
      <Modal labelledBy="host-key-changed-title" className="dialog-wide" onCancel={() => answer(false)}>
        <h2 id="host-key-changed-title">The host key has changed</h2>
        <p role="alert">
          {prompt.host}:{prompt.port} now presents a different key than the one you trusted. Someone may be intercepting the connection (a
          man-in-the-middle attack), so Shipmate refused to connect.
        </p>
        <dl className="fingerprints">
          {prompt.knownFingerprint ? (
            <>
              <dt>Trusted before</dt>
              <dd>
                <code className="fingerprint">{prompt.knownFingerprint}</code>
              </dd>
            </>
          ) : null}
          <dt>Presented now ({prompt.algorithm})</dt>
          <dd>
            <code className="fingerprint">{prompt.fingerprint}</code>
          </dd>
        </dl>
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={() => answer(false)}>
            Close
          </button>
        </div>
      </Modal>
    )
  }
  return (
    <Modal labelledBy="host-key-title" onCancel={() => answer(false)}>
      <h2 id="host-key-title">Trust {prompt.host}?</h2>
      {prompt.trustStoreLost ? <p role="alert">{prompt.trustStoreLost}</p> : null}
      <p>
        {prompt.trustStoreLost
          ? `Shipmate has no record of ${prompt.host}:${prompt.port}.`
          : `Shipmate has not connected to ${prompt.host}:${prompt.port} before.`}{' '}
        Its {prompt.algorithm} key fingerprint is
      </p>
      <p>
        <code className="fingerprint">{prompt.fingerprint}</code>
      </p>
      <p className="muted">Trust it only if it matches the fingerprint the server&apos;s owner published.</p>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={() => answer(false)}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => answer(true)}>
          Trust this host
        </button>
      </div>
    </Modal>
  )
}
