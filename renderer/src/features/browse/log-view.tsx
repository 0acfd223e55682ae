import { navigate, useBrowseStore } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'

export function LogView({ title }: { title: string }) {
  const log = useBrowseStore((state) => state.log)
  const error = useBrowseStore((state) => state.logError)
  const buildId = useBrowseStore((state) => state.picker?.build.id)
  return (
    <section className="panel panel-fill" aria-labelledby="log-title">
      <div className="panel-header">
        <h1 id="log-title">Log of {title}</h1>
        {buildId ? (
          <button type="button" onClick={() => navigate({ name: 'jobs', buildId })}>
            Back to the jobs
          </button>
        ) : null}
      </div>
      <ErrorText message={error} />
      {!log && !error ? <p role="status">Loading the log…</p> : null}
      {log ? <pre className="log" aria-label="Job log">{log.content ?? 'This log is empty.'}</pre> : null}
    </section>
  )
}
