import { useState } from 'react'
import type { CliImportResult, CliImportScan } from '@shared/api'
import { bridge } from '../../bridge'
import { navigate } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'

/** Offers the tokens the travis CLI keeps in plain text; removing them from its file is the user's choice. */
export function ImportFromCli() {
  const [scan, setScan] = useState<CliImportScan>()
  const [chosen, setChosen] = useState<string[]>([])
  const [removeFromFile, setRemoveFromFile] = useState(false)
  const [result, setResult] = useState<CliImportResult>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setError(undefined)
    try {
      return await work()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      return undefined
    } finally {
      setBusy(false)
    }
  }

  const look = async () => {
    const found = await run(() => bridge().request('accounts.scanTravisCli', {}))
    if (!found) return
    setScan(found)
    setChosen(found.candidates.filter((c) => !c.alreadyAdded && !c.problem).map((c) => c.apiUrl))
  }

  const importChosen = async () => {
    const done = await run(() => bridge().request('accounts.importTravisCli', { apiUrls: chosen, removeFromFile }))
    if (done) setResult(done)
  }

  return (
    <section className="subpanel" aria-labelledby="import-title">
      <h2 id="import-title">Already use the travis CLI?</h2>
      {!scan ? (
        <button type="button" onClick={() => void look()} disabled={busy}>
          {busy ? 'Looking…' : 'Import from the travis CLI'}
        </button>
      ) : !scan.found ? (
        <p>No travis CLI configuration at {scan.path}.</p>
      ) : result ? (
        <div role="status">
          <p>
            Imported {result.imported.map((account) => `@${account.login} (${account.endpoint.label})`).join(', ') || 'nothing'}.
            {result.removedFromFile ? ` The tokens were removed from ${scan.path}.` : ''}
          </p>
          {result.failed.map((failure) => (
            <p key={failure.apiUrl} className="error-text">
              {failure.apiUrl}: {failure.message}
            </p>
          ))}
          <button type="button" onClick={() => navigate({ name: 'repos' })}>
            Go to repositories
          </button>
        </div>
      ) : (
        <div>
          <p>Found in {scan.path}:</p>
          <ul className="plain-list">
            {scan.candidates.map((candidate) => (
              <li key={candidate.apiUrl}>
                <label>
                  <input
                    type="checkbox"
                    disabled={Boolean(candidate.problem) || candidate.alreadyAdded}
                    checked={chosen.includes(candidate.apiUrl)}
                    onChange={(event) =>
                      setChosen((list) => (event.target.checked ? [...list, candidate.apiUrl] : list.filter((url) => url !== candidate.apiUrl)))
                    }
                  />{' '}
                  {candidate.label}
                  {candidate.login ? ` as @${candidate.login}` : ''}
                  {candidate.alreadyAdded ? ' (already in Shipmate)' : ''}
                  {candidate.problem ? ` — ${candidate.problem}` : ''}
                </label>
              </li>
            ))}
          </ul>
          <label>
            <input type="checkbox" checked={removeFromFile} onChange={(event) => setRemoveFromFile(event.target.checked)} /> Also remove the
            imported tokens from {scan.path} (they are stored there in plain text)
          </label>
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy || chosen.length === 0} onClick={() => void importChosen()}>
              Import {chosen.length} account{chosen.length === 1 ? '' : 's'}
            </button>
          </div>
        </div>
      )}
      <ErrorText message={error} />
    </section>
  )
}
