import { useState } from 'react'
import type { JobSummary } from '@shared/api'
import { bridge } from '../../bridge'
import { currentAccount, useAccountsStore } from '../../store/accounts-store'
import { loadBuilds, loadLog, navigate, useBrowseStore } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'
import { finishedTime } from '../common/format'
import { StateBadge } from '../common/state-badge'
import { DebugDialog } from '../debug/debug-dialog'

export function JobPicker({ highlightJobId }: { highlightJobId?: number }) {
  const account = useAccountsStore((state) => currentAccount(state))
  const picker = useBrowseStore((state) => state.picker)
  const error = useBrowseStore((state) => state.pickerError)
  const [debugging, setDebugging] = useState<JobSummary>()
  if (!account) return null
  const hint = (job: JobSummary): { text: string; why?: string } => {
    if (!picker) return { text: '' }
    if (account.endpoint.readOnly) return { text: 'read-only endpoint' }
    // Before "running": cancelling a Windows job to debug it would stop it for nothing.
    if (job.os?.toLowerCase() === 'windows') {
      return { text: 'debug not available', why: 'Travis does not support debug mode on Windows' }
    }
    if (job.canCancel) return { text: 'running: cancel, then debug' }
    if (picker.repo.debugHint === 'public_needs_support') return { text: 'public: needs Travis support' }
    if (picker.repo.debugHint === 'no_permission' || !job.canDebug) return { text: 'no debug permission' }
    return { text: 'debug available' }
  }

  return (
    <section className="panel" aria-labelledby="jobs-title">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <button type="button" className="link-button" onClick={() => navigate({ name: 'repos' })}>
          Repositories
        </button>
        {picker ? (
          <>
            {' / '}
            <button type="button" className="link-button" onClick={() => void loadBuilds(bridge(), account.id, picker.repo, 0)}>
              {picker.repo.slug}
            </button>
            {` / build #${picker.build.number}`}
          </>
        ) : null}
      </nav>
      <ErrorText message={error} />
      {!picker && !error ? <p role="status">Loading jobs…</p> : null}
      {picker ? (
        <>
          <h1 id="jobs-title">
            Jobs of build #{picker.build.number} <StateBadge state={picker.build.state} />
          </h1>
          <p className="muted">
            {picker.build.branch ?? ''} · {picker.build.commitMessage?.split('\n')[0] ?? ''}
          </p>
          <table className="table" aria-label="Jobs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">State</th>
                <th scope="col">Runs on</th>
                <th scope="col">Finished</th>
                <th scope="col">Actions</th>
                <th scope="col">Debug mode</th>
              </tr>
            </thead>
            <tbody>
              {picker.jobs.map((job) => (
                <tr key={job.id} className={job.id === highlightJobId ? 'highlight' : undefined} aria-current={job.id === highlightJobId ? 'true' : undefined}>
                  <td>#{job.number}</td>
                  <td>
                    <StateBadge state={job.state} />
                    {job.allowFailure ? (
                      <span className="muted-tag" title="This job is allowed to fail: the build passes without it">
                        {' '}
                        may fail
                      </span>
                    ) : null}
                  </td>
                  <td className="env" title={runsOn(job)}>
                    {runsOn(job)}
                  </td>
                  <td title={job.finishedAt ?? job.startedAt ?? undefined}>{finishedTime(job.finishedAt, job.startedAt)}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" aria-label={`Debug job #${job.number}`} onClick={() => setDebugging(job)} disabled={account.endpoint.readOnly}>
                        Debug…
                      </button>
                      <button type="button" aria-label={`Open log of job #${job.number}`} onClick={() => void loadLog(bridge(), account.id, job.id, job.number)}>
                        Log
                      </button>
                    </div>
                  </td>
                  <td>
                    <JobHint {...hint(job)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {debugging ? <DebugDialog accountId={account.id} job={debugging} onClose={() => setDebugging(undefined)} /> : null}
    </section>
  )
}

/** Where the job runs, in one line: OS, language and its environment variables. */
function runsOn(job: JobSummary): string {
  return [job.os ?? '—', job.language ?? '—', ...(job.env ? [job.env] : [])].join(' · ')
}

/** Whether the job can be debugged; a "not available" carries its reason on muted lines below and on hover. */
function JobHint({ text, why }: { text: string; why?: string }) {
  return (
    <span className="hint" title={why}>
      <span className="hint-main">{text}</span>
      {why ? <span className="hint-why">{why}</span> : null}
    </span>
  )
}
