import { useState } from 'react'
import { bridge } from '../../bridge'
import { runLogs, useDebugStore } from '../../store/debug-store'
import { showSession } from '../../store/sessions-store'
import { ConfirmDialog } from '../common/confirm-dialog'
import { ErrorText } from '../common/error-text'
import { LogViewer } from './log-viewer'
import { Stepper } from './stepper'

/** What is going on at each step, under the stepper that already names it. */
const stepDescription: Record<string, string> = {
  restarting: 'Asking Travis to restart the job in debug mode…',
  queued: 'Waiting for Travis to give the job a build machine…',
  booting: 'The build machine is starting up…',
  started: 'The job runs; the debug tools come next…',
  setting_up: 'Travis is installing tmate and opening the session; the SSH line appears in the log below…',
  ready: 'The SSH line is in the log: Shipmate connects to the session.',
}

/** From "Debug job" to the SSH line: the stepper, a way out at every step, and the log as it fills. */
export function DebugRunView({ runId }: { runId: string }) {
  const run = useDebugStore((state) => state.runs[runId])
  const version = useDebugStore((state) => state.logVersion[runId] ?? 0)
  const [confirmCancel, setConfirmCancel] = useState(false)
  const [error, setError] = useState<string>()
  if (!run) return null
  const log = runLogs.get(runId)

  return (
    <section className="panel panel-fill" aria-labelledby="run-title">
      <div className="panel-header">
        <h1 id="run-title">
          Debugging {run.repoSlug} job #{run.jobNumber}
        </h1>
        <div className="form-actions">
          {run.sessionId ? (
            <button type="button" className="primary" onClick={() => showSession(run.sessionId)}>
              Open the session
            </button>
          ) : null}
          {!run.terminal || run.step === 'ready' ? (
            <button type="button" className="danger" onClick={() => setConfirmCancel(true)}>
              Cancel job
            </button>
          ) : null}
        </div>
      </div>
      <Stepper run={run} />
      <p role="status" aria-label="Debug status" className={run.terminal && run.step !== 'ready' ? 'banner banner-error' : 'muted'}>
        {run.message ?? stepDescription[run.step] ?? run.label}
        {run.quiet ? '' : ' · echo mode: the session is copied into the job log'}
      </p>
      {run.canceledFirst && !run.terminal ? (
        <p className="muted">This job was cancelled first, so it will end as errored when the debug session ends.</p>
      ) : null}
      {run.stuckSince ? (
        <p className="banner banner-warning" role="status">
          Still queued since {new Date(run.stuckSince).toLocaleTimeString()}: Travis may be busy. Keep waiting, or cancel the job.
        </p>
      ) : null}
      <ErrorText message={error} />
      {log ? <LogViewer log={log} version={version} label={`Log of job #${run.jobNumber}`} run={run} /> : <p className="muted">Waiting for the job log…</p>}
      {confirmCancel ? (
        <ConfirmDialog
          title={`Cancel job #${run.jobNumber}?`}
          confirmLabel="Cancel the job"
          cancelLabel="Keep the job running"
          danger
          onCancel={() => setConfirmCancel(false)}
          onConfirm={() => {
            setConfirmCancel(false)
            bridge()
              .request('jobs.cancel', { accountId: run.accountId, jobId: run.jobId })
              .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
          }}
        >
          Travis stops the job{run.sessionId ? ' and the debug session ends for everyone in it' : ''}.
        </ConfirmDialog>
      ) : null}
    </section>
  )
}
