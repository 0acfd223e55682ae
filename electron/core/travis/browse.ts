import type { BuildsPage, JobPicker } from '@shared/api'
import type { Accounts } from '../accounts/accounts'
import { describe } from '../accounts/endpoints'
import { maskLog } from '../debug/log-mask'
import type { EventHub } from '../events'
import { buildSummary, jobSummary, repoSummary } from './summaries'
import { TravisError } from './travis-error'

/**
 * Repositories, builds and jobs of an account. A new request of the same kind from the same view
 * cancels the one before it: when the user moves on, the old requests stop.
 */
export class Browse {
  private readonly accounts: Accounts
  private readonly events: EventHub
  private readonly inFlight = new Map<string, AbortController>()

  constructor(accounts: Accounts, events: EventHub) {
    this.accounts = accounts
    this.events = events
  }

  repos(accountId: string, requestId: string): Promise<{ total: number }> {
    return this.supersede(`repos:${accountId}`, (signal) =>
      this.accounts.withClient(accountId, async (client, account) => {
        const readOnly = describe(account.apiUrl).readOnly
        let loaded = 0
        const total = await client.eachRepoPage((page) => {
          if (signal.aborted) return
          loaded += page.items.length
          this.events.emit('browse.reposPage', {
            accountId,
            requestId,
            repos: page.items.map((repo) => repoSummary(repo, readOnly)),
            loaded,
            total: Math.max(page.pagination?.count ?? loaded, loaded),
            done: page.pagination?.is_last ?? true,
          })
        }, signal)
        return { total }
      }),
    )
  }

  builds(accountId: string, repoId: number, offset: number): Promise<BuildsPage> {
    return this.supersede(`builds:${accountId}`, (signal) =>
      this.accounts.withClient(accountId, async (client) => {
        const page = await client.builds(repoId, offset, 25, signal)
        const pagination = page.pagination
        return {
          builds: page.items.map(buildSummary),
          offset: pagination?.offset ?? offset,
          limit: pagination?.limit ?? 25,
          count: pagination?.count ?? page.items.length,
          isLast: pagination?.is_last ?? true,
        }
      }),
    )
  }

  jobs(accountId: string, buildId: number): Promise<JobPicker> {
    return this.supersede(`jobs:${accountId}`, (signal) =>
      this.accounts.withClient(accountId, async (client, account) => {
        const readOnly = describe(account.apiUrl).readOnly
        const [build, jobs] = await Promise.all([client.build(buildId, signal), client.buildJobs(buildId, signal)])
        const repoId = build.repository?.id
        if (repoId === undefined) throw new TravisError('bad_response', 'Travis sent a build without its repository.')
        const repo = await client.repo(repoId, signal)
        return { accountId, repo: repoSummary(repo, readOnly), build: buildSummary(build), jobs: jobs.map((job) => jobSummary(job, readOnly)) }
      }),
    )
  }

  log(accountId: string, jobId: number): Promise<{ content: string | null }> {
    return this.supersede(`log:${accountId}`, (signal) =>
      this.accounts.withClient(accountId, async (client) => {
        // A debug job's log holds the tmate token in its SSH line: only its masked form leaves.
        const { content } = await client.log(jobId, signal)
        return { content: content === null ? null : maskLog(content) }
      }),
    )
  }

  private async supersede<T>(key: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.inFlight.get(key)?.abort()
    const controller = new AbortController()
    this.inFlight.set(key, controller)
    try {
      return await run(controller.signal)
    } finally {
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key)
    }
  }
}
