import { useState } from 'react'
import { bridge } from '../../bridge'
import { openSshCommand } from '../../store/sessions-store'

/** Join a tmate session from its SSH command, without Travis: a log read elsewhere, another CI, a self-hosted tmate. */
export function PasteSsh() {
  const [command, setCommand] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await openSshCommand(bridge(), command)
      setCommand('')
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="paste-url" onSubmit={(event) => void submit(event)}>
      <input
        aria-label="Paste an SSH command"
        placeholder="Paste an SSH command: ssh TOKEN@HOST"
        value={command}
        onChange={(event) => setCommand(event.target.value)}
        spellCheck={false}
        autoComplete="off"
        disabled={busy}
      />
      <button type="submit" disabled={busy || !command.trim()}>
        Connect
      </button>
      {error ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
    </form>
  )
}
