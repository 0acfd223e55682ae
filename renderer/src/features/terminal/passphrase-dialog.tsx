import { useState } from 'react'
import { bridge } from '../../bridge'
import { useSessionsStore } from '../../store/sessions-store'
import { Modal } from '../common/modal'

export function PassphraseDialog() {
  const prompt = useSessionsStore((state) => state.passphrasePrompt)
  const [passphrase, setPassphrase] = useState('')
  if (!prompt) return null
  const answer = (value: string | null) => {
    useSessionsStore.setState({ passphrasePrompt: undefined })
    setPassphrase('')
    void bridge().request('sessions.answerPassphrase', { sessionId: prompt.sessionId, passphrase: value }).catch(() => {})
  }
  return (
    <Modal labelledBy="passphrase-title" onCancel={() => answer(null)}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          answer(passphrase)
        }}
      >
        <h2 id="passphrase-title">Passphrase for {prompt.keyPath}</h2>
        {prompt.retry ? (
          <p role="alert" className="error-text">
            That passphrase was wrong.
          </p>
        ) : null}
        <input type="password" aria-label="Key passphrase" autoFocus value={passphrase} onChange={(event) => setPassphrase(event.target.value)} />
        <div className="dialog-actions">
          <button type="button" onClick={() => answer(null)}>
            Skip this key
          </button>
          <button type="submit" className="primary">
            Unlock
          </button>
        </div>
      </form>
    </Modal>
  )
}
