import type { ShipmateBridge } from '@shared/api'
import { currentAccount, selectAccount } from './accounts-store'
import { loadJobs } from './browse-store'

/**
 * A Travis build or job URL (pasted, dropped on the window, handed to the app) -> its job picker,
 * with the account that can see it made current. Throws with a message the user can act on.
 * (Not in browse-store.ts: the accounts store reads sessionStorage when loaded, and browse-store is tested under plain Node.)
 */
export async function openTravisUrl(api: ShipmateBridge, url: string): Promise<void> {
  const resolved = await api.request('browse.resolveUrl', { url, accountId: currentAccount()?.id })
  selectAccount(resolved.accountId)
  await loadJobs(api, resolved.accountId, resolved.buildId, resolved.jobId)
}
