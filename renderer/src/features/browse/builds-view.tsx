import type { RepoSummary } from '@shared/api'
import { bridge } from '../../bridge'
import { currentAccount, useAccountsStore } from '../../store/accounts-store'
import { loadBuilds, loadJobs, navigate, useBrowseStore } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'
import { duration, finishedTime } from '../common/format'
import { StateBadge } from '../common/state-badge'

export function BuildsView({ repo }: { repo: RepoSummary }) {
  const account = useAccountsStore((state) => currentAccount(state))
  const builds = useBrowseStore((state) => state.builds)
  const error = useBrowseStore((state) => state.buildsError)
  if (!account) return null
  const page = (offset: number) => void loadBuilds(bridge(), account.id, repo, offset)

  return (
    <section className="panel" aria-labelledby="builds-title">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <button type="button" className="link-button" onClick={() => navigate({ name: 'repos' })}>
          Repositories
        </button>{' '}
        / <span>{repo.slug}</span>
      </nav>
      <h1 id="builds-title">Builds of {repo.slug}</h1>
      <ErrorText message={error} />
      {!builds && !error ? <p role="status">Loading builds…</p> : null}
      {builds ? (
        <>
          <table className="table" aria-label="Builds">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">State</th>
                <th scope="col">Branch</th>
                <th scope="col">Commit</th>
                <th scope="col">Finished</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {builds.builds.map((build) => (
                <tr key={build.id}>
                  <td>
                    <button type="button" className="link-button" aria-label={`Open build #${build.number}`} onClick={() => void loadJobs(bridge(), account.id, build.id)}>
                      #{build.number}
                    </button>
                  </td>
                  <td>
                    <StateBadge state={build.state} />
                  </td>
                  <td>
                    {build.branch ?? '—'}
                    {/* A push is the usual event: only the others are named. */}
                    {build.eventType && build.eventType !== 'push' ? (
                      <span className="muted-tag">
                        {' · '}
                        {build.eventType === 'pull_request' && build.pullRequestNumber ? `PR #${build.pullRequestNumber}` : build.eventType}
                      </span>
                    ) : null}
                  </td>
                  <td className="commit" title={build.commitMessage ?? undefined}>
                    {build.commitMessage?.split('\n')[0] ?? '—'}
                  </td>
                  <td title={build.finishedAt ?? build.startedAt ?? undefined}>{finishedTime(build.finishedAt, build.startedAt)}</td>
                  <td>{build.finishedAt ? duration(build.duration) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={builds.offset === 0} onClick={() => page(Math.max(0, builds.offset - builds.limit))}>
              Newer builds
            </button>
            <span className="muted">
              {builds.count === 0 ? 'No builds' : `${builds.offset + 1}–${builds.offset + builds.builds.length} of ${builds.count}`}
            </span>
            <button type="button" disabled={builds.isLast} onClick={() => page(builds.offset + builds.limit)}>
              Older builds
            </button>
          </div>
        </>
      ) : null}
    </section>
  )
}
