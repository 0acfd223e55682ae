import { enterpriseApis, preferredAccountFirst } from '@shared/accounts-match'
import type { ResolvedTravisUrl } from '@shared/api'
import { resolveTravisUrl } from '@shared/parse/travis-url'
import type { Accounts } from '../accounts/accounts'
import { describe } from '../accounts/endpoints'
import { UserError } from '../errors'
import { isTravisError } from './travis-error'

/**
 * A pasted build or job URL -> the account that can see it and the build to open. A job URL costs
 * one request (its build id); accounts on the same endpoint are tried, the current one first.
 */
export async function resolveTravisUrlFor(url: string, preferredAccountId: string | undefined, accounts: Accounts): Promise<ResolvedTravisUrl> {
  const known = await accounts.list()
  const parsed = resolveTravisUrl(url, enterpriseApis(known))
  if (!parsed.ok) throw new UserError(parsed.message, 'bad_travis_url', 'url')
  const candidates = known
    .filter((account) => account.endpoint.apiUrl === parsed.apiUrl)
    .sort(preferredAccountFirst(preferredAccountId))
  if (candidates.length === 0) {
    throw new UserError(`That URL is on ${describe(parsed.apiUrl).label}, and Shipmate has no account there yet. Add one first.`, 'no_account_for_url', 'url')
  }
  if (parsed.kind === 'build') {
    const first = candidates[0]
    if (!first) throw new UserError('No account can open that URL.', 'no_account_for_url', 'url')
    return { accountId: first.id, kind: 'build', buildId: parsed.id, slug: parsed.slug }
  }
  let lastError: unknown
  for (const account of candidates) {
    try {
      const job = await accounts.withClient(account.id, (client) => client.job(parsed.id))
      const buildId = job.build?.id
      if (buildId === undefined) throw new UserError('Travis sent that job without its build.', 'bad_response')
      return { accountId: account.id, kind: 'job', buildId, jobId: parsed.id, slug: parsed.slug }
    } catch (error) {
      lastError = error
      if (!isTravisError(error, 'not_found') && !isTravisError(error, 'token_rejected')) throw error
    }
  }
  throw lastError
}
