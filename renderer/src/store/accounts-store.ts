import { create } from 'zustand'
import type { AccountSummary, ShipmateBridge } from '@shared/api'

const CURRENT_KEY = 'shipmate.currentAccount'

interface AccountsState {
  accounts: AccountSummary[]
  loaded: boolean
  /** One account is current per window; kept for reloads of this window only. */
  currentId: string | undefined
}

export const useAccountsStore = create<AccountsState>(() => ({
  accounts: [],
  loaded: false,
  currentId: sessionStorage.getItem(CURRENT_KEY) ?? undefined,
}))

function setAccounts(accounts: AccountSummary[]): void {
  useAccountsStore.setState((state) => {
    const stillThere = accounts.some((account) => account.id === state.currentId)
    const currentId = stillThere ? state.currentId : accounts[0]?.id
    remember(currentId)
    return { accounts, loaded: true, currentId }
  })
}

function remember(id: string | undefined): void {
  if (id) sessionStorage.setItem(CURRENT_KEY, id)
  else sessionStorage.removeItem(CURRENT_KEY)
}

export async function startAccountsStore(api: ShipmateBridge): Promise<void> {
  api.on('accounts.changed', setAccounts)
  try {
    setAccounts(await api.request('accounts.list', {}))
  } catch {
    useAccountsStore.setState({ loaded: true })
  }
}

export function selectAccount(id: string): void {
  remember(id)
  useAccountsStore.setState({ currentId: id })
}

export function currentAccount(state: AccountsState = useAccountsStore.getState()): AccountSummary | undefined {
  return state.accounts.find((account) => account.id === state.currentId)
}

export async function addAccount(api: ShipmateBridge, apiUrl: string, token: string): Promise<AccountSummary> {
  const account = await api.request('accounts.add', { apiUrl, token })
  selectAccount(account.id)
  setAccounts(await api.request('accounts.list', {}))
  return account
}

export async function removeAccount(api: ShipmateBridge, accountId: string): Promise<void> {
  await api.request('accounts.remove', { accountId })
  setAccounts(await api.request('accounts.list', {}))
}
