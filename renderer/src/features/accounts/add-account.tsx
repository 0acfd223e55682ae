import { useState } from 'react'
import { bridge } from '../../bridge'
import { addAccount, useAccountsStore } from '../../store/accounts-store'
import { navigate } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'
import { ImportFromCli } from './import-from-cli'

const PRESETS = [
  { url: 'https://api.travis-ci.com', label: 'travis-ci.com' },
  { url: 'https://api.travis-ci.org', label: 'travis-ci.org (legacy, read-only)' },
]

export function AddAccount({ replaceFor }: { replaceFor?: string }) {
  const replacing = useAccountsStore((state) => state.accounts.find((account) => account.id === replaceFor))
  const [endpoint, setEndpoint] = useState(replacing?.endpoint.apiUrl ?? PRESETS[0]?.url ?? '')
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      if (replacing) await bridge().request('accounts.replaceToken', { accountId: replacing.id, token })
      else await addAccount(bridge(), endpoint, token)
      setToken('')
      navigate({ name: 'repos' })
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="add-account-title">
      <h1 id="add-account-title">{replacing ? `Replace the token of @${replacing.login}` : 'Add a Travis account'}</h1>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label>
          <span>API endpoint</span>
          <input
            aria-label="API endpoint"
            list="endpoint-presets"
            value={endpoint}
            disabled={Boolean(replacing) || busy}
            onChange={(event) => setEndpoint(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id="endpoint-presets">
            {PRESETS.map((preset) => (
              <option key={preset.url} value={preset.url}>
                {preset.label}
              </option>
            ))}
          </datalist>
          <small className="muted">
            travis-ci.com, travis-ci.org (legacy: read-only, builds there stopped in 2021), or your Enterprise API, like
            https://travis.example.com/api.
          </small>
        </label>
        <label>
          <span>API token</span>
          <input
            aria-label="API token"
            type="password"
            value={token}
            disabled={busy}
            onChange={(event) => setToken(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <small className="muted">From your Travis profile: Settings → API authentication. It goes to the OS keychain only.</small>
        </label>
        <ErrorText message={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || token.trim() === '' || endpoint.trim() === ''}>
            {busy ? 'Checking the token with Travis…' : 'Save account'}
          </button>
          <button type="button" onClick={() => navigate({ name: 'home' })} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
      {replacing ? null : <ImportFromCli />}
    </section>
  )
}
