import type { RepoSummary } from '@shared/api'

export type Row = { kind: 'owner'; owner: string; count: number } | { kind: 'repo'; repo: RepoSummary }

/** Groups by owner, keeping the order Travis sent (sorted by owner, then name). */
export function groupByOwner(repos: RepoSummary[]): Row[] {
  const counts = new Map<string, number>()
  for (const repo of repos) counts.set(repo.owner, (counts.get(repo.owner) ?? 0) + 1)
  const rows: Row[] = []
  let owner: string | undefined
  for (const repo of repos) {
    if (repo.owner !== owner) {
      owner = repo.owner
      rows.push({ kind: 'owner', owner, count: counts.get(owner) ?? 0 })
    }
    rows.push({ kind: 'repo', repo })
  }
  return rows
}
