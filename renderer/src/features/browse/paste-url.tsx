import { useState } from 'react'
import { bridge } from '../../bridge'
import { currentAccount, selectAccount } from '../../store/accounts-store'
import { loadJobs } from '../../store/browse-store'

/** Paste a build or job URL from Travis and land on its job picker, with the right account. */
export function PasteUrl() {
  const [url, setUrl] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!url.trim()) return
    setBusy(true)
    setError(undefined)
    try {
      const resolved = await bridge().request('browse.resolveUrl', { url, accountId: currentAccount()?.id })
      selectAccount(resolved.accountId)
      setUrl('')
      await loadJobs(bridge(), resolved.accountId, resolved.buildId, resolved.jobId)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="paste-url" onSubmit={(event) => void submit(event)}>
      <input
        aria-label="Paste a Travis URL"
        placeholder="Paste a Travis build or job URL"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        spellCheck={false}
        disabled={busy}
      />
      <button type="submit" disabled={busy || !url.trim()}>
        Go
      </button>
      {error ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
    </form>
  )
}
