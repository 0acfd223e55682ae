import type { AccountSummary } from './api'

/** The Enterprise API endpoints among the accounts: the hosts a Travis URL or link may belong to besides travis-ci.com. */
export function enterpriseApis(accounts: readonly AccountSummary[]): string[] {
  return accounts.filter((account) => account.endpoint.kind === 'enterprise').map((account) => account.endpoint.apiUrl)
}

/** Sort order for the accounts that could open something: the preferred (current) one first, then those whose token still works. */
export function preferredAccountFirst(preferredId: string | undefined): (a: AccountSummary, b: AccountSummary) => number {
  return (a, b) => Number(b.id === preferredId) - Number(a.id === preferredId) || Number(a.tokenRejected) - Number(b.tokenRejected)
}
