import { useMemo } from 'react'
import { TravisLog } from '@shared/parse/travis-log'
import { bridge } from '../../bridge'
import { currentAccount } from '../../store/accounts-store'
import { loadBuilds, loadJobs, navigate, useBrowseStore } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'
import { LogViewer } from '../debug/log-viewer'

/** A job's log opened from the jobs table, in the same viewer as the log beside a session's terminal. */
export function LogView({ jobNumber }: { jobNumber: string }) {
  const log = useBrowseStore((state) => state.log)
  const error = useBrowseStore((state) => state.logError)
  const picker = useBrowseStore((state) => state.picker)
  const parsed = useMemo(() => {
    if (!log) return undefined
    const travisLog = new TravisLog()
    travisLog.sync(log.content ?? '')
    return travisLog
  }, [log])
  const account = currentAccount()

  return (
    <section className="panel panel-fill" aria-labelledby="log-title">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <button type="button" className="link-button" onClick={() => navigate({ name: 'repos' })}>
          Repositories
        </button>
        {picker && account ? (
          <>
            {' / '}
            <button type="button" className="link-button" onClick={() => void loadBuilds(bridge(), account.id, picker.repo, 0)}>
              {picker.repo.slug}
            </button>
            {' / '}
            <button type="button" className="link-button" onClick={() => void loadJobs(bridge(), account.id, picker.build.id)}>
              build #{picker.build.number}
            </button>
          </>
        ) : null}
        {` / job #${jobNumber}`}
      </nav>
      <h1 id="log-title">Log of job #{jobNumber}</h1>
      <ErrorText message={error} />
      {!log && !error ? <p role="status">Loading the log…</p> : null}
      {parsed && log?.content ? <LogViewer log={parsed} version={0} label="Job log" /> : null}
      {log && !log.content ? <p className="muted">This log is empty.</p> : null}
    </section>
  )
}
