import { useEffect, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { DebugHint } from '@shared/api'
import { bridge } from '../../bridge'
import { currentAccount, useAccountsStore } from '../../store/accounts-store'
import { filterRepos, loadBuilds, loadRepos, useBrowseStore } from '../../store/browse-store'
import { ErrorText } from '../common/error-text'
import { VirtualList } from '../common/virtual-list'
import { groupByOwner } from './group-repos'

const hints: Record<DebugHint, string> = {
  available: 'debug available',
  public_needs_support: 'public: debug only if Travis support enabled it',
  no_permission: 'no debug permission',
  read_only_endpoint: 'read-only endpoint',
}

export function RepoList() {
  const account = useAccountsStore((state) => currentAccount(state))
  const { repos, reposAccountId, reposLoaded, reposTotal, reposDone, reposError, filter } = useBrowseStore(
    useShallow((state) => ({
      repos: state.repos,
      reposAccountId: state.reposAccountId,
      reposLoaded: state.reposLoaded,
      reposTotal: state.reposTotal,
      reposDone: state.reposDone,
      reposError: state.reposError,
      filter: state.filter,
    })),
  )
  const filterBox = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (account && reposAccountId !== account.id) void loadRepos(bridge(), account.id)
  }, [account, reposAccountId])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement
      if (event.key === '/' && !typing) {
        event.preventDefault()
        filterBox.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const rows = useMemo(() => groupByOwner(filterRepos(repos, filter)), [repos, filter])
  const shown = rows.filter((row) => row.kind === 'repo').length
  if (!account) return null

  return (
    <section className="panel panel-fill" aria-labelledby="repos-title">
      <div className="panel-header">
        <h1 id="repos-title">Repositories of @{account.login}</h1>
        <input
          ref={filterBox}
          className="filter"
          type="search"
          aria-label="Filter repositories"
          placeholder="Filter repositories (press /)"
          value={filter}
          onChange={(event) => useBrowseStore.setState({ filter: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') useBrowseStore.setState({ filter: '' })
          }}
        />
      </div>
      <p className="muted" role="status" aria-label="Repository count">
        {reposDone
          ? `${shown === repos.length ? repos.length : `${shown} of ${repos.length}`} repositories`
          : `Loading repositories… ${reposLoaded}${reposTotal ? ` of ${reposTotal}` : ''}`}
      </p>
      <ErrorText message={reposError} />
      <VirtualList
        items={rows}
        rowHeight={40}
        label="Repositories"
        keyOf={(row) => (row.kind === 'owner' ? `o:${row.owner}` : `r:${row.repo.id}`)}
        renderRow={(row) =>
          row.kind === 'owner' ? (
            <div className="owner-row">
              {row.owner} <span className="muted">· {row.count}</span>
            </div>
          ) : (
            <button type="button" className="repo-row" onClick={() => void loadBuilds(bridge(), account.id, row.repo, 0)}>
              <span className="repo-name">{row.repo.slug}</span>
              <span className={row.repo.private ? 'badge badge-private' : 'badge badge-public'}>{row.repo.private ? 'private' : 'public'}</span>
              <span className={`hint hint-${row.repo.debugHint}`}>{hints[row.repo.debugHint]}</span>
            </button>
          )
        }
      />
    </section>
  )
}
