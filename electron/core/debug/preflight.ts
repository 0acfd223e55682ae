import type { DebugPreflight } from '@shared/api'
import { TravisError } from '../travis/travis-error'
import type { DebugApi } from './debug-api'
import { eligibilityOf } from './eligibility'

/** Reads the job and its repository (two GETs) and says whether and how it can be debugged. */
export async function preflight(api: DebugApi, accountId: string, jobId: number, login: string, readOnlyEndpoint: boolean): Promise<DebugPreflight> {
  const job = await api.job(jobId)
  const repoId = job.repository?.id
  if (repoId === undefined) throw new TravisError('bad_response', 'Travis sent the job without its repository.')
  const repo = await api.repo(repoId)
  return {
    accountId,
    jobId,
    jobNumber: job.number ?? String(job.id),
    repoSlug: repo.slug,
    jobState: job.state ?? 'created',
    ...eligibilityOf(job, repo, login, readOnlyEndpoint),
  }
}
