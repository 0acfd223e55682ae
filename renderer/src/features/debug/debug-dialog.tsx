import { useEffect, useState } from 'react'
import type { DebugPreflight, JobSummary } from '@shared/api'
import { bridge } from '../../bridge'
import { navigate, useBrowseStore } from '../../store/browse-store'
import { startDebug } from '../../store/debug-store'
import { ErrorText } from '../common/error-text'
import { rememberRunOrigin } from '../terminal/return-from-session'
import { Modal } from '../common/modal'
import { TRAVIS_NO_OUTPUT_TIMEOUT_MS } from './echo-idle'

const tone: Record<DebugPreflight['eligibility'], 'ok' | 'warn' | 'stop'> = {
  available: 'ok',
  public_needs_support: 'warn',
  running: 'warn',
  no_permission: 'stop',
  read_only_endpoint: 'stop',
  unsupported_os: 'stop',
}

interface DebugDialogProps {
  accountId: string
  job: JobSummary
  onClose: () => void
  /** The preflight already fetched for this job (a job link looks it up first); without it, the dialog asks for one. */
  preflight?: DebugPreflight
}

/** Preflight, quiet/echo choice and the one click that restarts the job in debug mode. */
export function DebugDialog({ accountId, job, onClose, preflight: given }: DebugDialogProps) {
  const [fetched, setFetched] = useState<DebugPreflight>()
  const [quiet, setQuiet] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const preflight = given ?? fetched

  useEffect(() => {
    if (given) return
    bridge()
      .request('debug.preflight', { accountId, jobId: job.id })
      .then(setFetched, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
  }, [accountId, job.id, given])

  const start = async () => {
    if (!preflight) return
    setBusy(true)
    setError(undefined)
    try {
      const run = await startDebug(bridge(), accountId, job.id, quiet, preflight.eligibility === 'running')
      onClose()
      const from = useBrowseStore.getState().view
      rememberRunOrigin(run.id, from.name === 'jobs' ? { ...from, highlightJobId: job.id } : from)
      navigate({ name: 'debug', runId: run.id })
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }

  const blocked = preflight ? tone[preflight.eligibility] === 'stop' : true
  return (
    <Modal labelledBy="debug-title" className="dialog-wide" onCancel={onClose}>
      <h2 id="debug-title">
        Debug job #{job.number} of {preflight?.repoSlug ?? '…'}
      </h2>
      {!preflight && !error ? <p role="status">Checking whether debug mode is available…</p> : null}
      {preflight ? (
        <p className={`preflight preflight-${tone[preflight.eligibility]}`} role="status" aria-label="Debug availability">
          <span id="debug-availability">{preflight.message}</span>
        </p>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" checked={quiet} onChange={(event) => setQuiet(event.target.checked)} aria-label="Quiet mode" /> Quiet mode
      </label>
      {quiet ? (
        <p className="muted">Nothing you type or see in the session is copied into the job log.</p>
      ) : (
        <p className="banner banner-warning" role="alert">
          Echo mode: everything typed and shown in the session is copied into the job log, where anyone who can read the log sees it —
          secrets included. Travis also ends a job whose log gets no output for {TRAVIS_NO_OUTPUT_TIMEOUT_MS / 60_000} minutes: in echo mode
          only the session writes to the log, so a session left idle that long ends with its job (quiet mode prints a dot each minute to
          prevent that; in echo mode the session offers a keep-alive once it has been idle a while).
        </p>
      )}
      <ErrorText message={error} />
      <div className="dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void start()}
          disabled={busy || blocked}
          aria-describedby={preflight?.eligibility === 'running' ? 'debug-availability' : undefined}
        >
          {busy ? 'Restarting…' : preflight?.eligibility === 'running' ? 'Cancel, then debug' : 'Debug job'}
        </button>
      </div>
    </Modal>
  )
}
