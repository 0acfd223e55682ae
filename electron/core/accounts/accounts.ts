import type { AccountSummary } from '@shared/api'
import { UserError } from '../errors'
import type { EventHub } from '../events'
import type { JsonFile } from '../store/json-file'
import type { TravisClient } from '../travis/client'
import { isTravisError } from '../travis/travis-error'
import type { AccountsFile, StoredAccount } from './account-file'
import { accountIdFor, describe, parseEndpoint } from './endpoints'
import type { Keychain } from './keychain'

export type ClientFactory = (apiUrl: string, token?: string) => TravisClient

export interface AccountsDeps {
  file: JsonFile<AccountsFile>
  keychain: Keychain
  clientFor: ClientFactory
  events: EventHub
  now: () => Date
}

/**
 * Travis accounts on any number of endpoints. Metadata lives in accounts.json, the token only in
 * the OS keychain; a token is checked with GET /user before anything is stored.
 */
export class Accounts {
  private readonly deps: AccountsDeps
  private cache: AccountsFile | undefined
  /**
   * Tokens this process has read from or written to the keychain, so a Travis call does not pay a
   * keychain round trip each time (on Linux a Secret Service session with its own key exchange:
   * ~30 ms of CPU per read). They never leave this process; a rejected token is read afresh.
   */
  private readonly tokens = new Map<string, string>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(deps: AccountsDeps) {
    this.deps = deps
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.load()).accounts.map(summarize)
  }

  async get(accountId: string): Promise<StoredAccount> {
    const account = (await this.load()).accounts.find((candidate) => candidate.id === accountId)
    if (!account) throw new UserError('That account is not in Shipmate any more. Pick another one.', 'unknown_account', 'accountId')
    return account
  }

  add(apiUrlInput: string, token: string): Promise<AccountSummary> {
    return this.serially(async () => {
      const endpoint = parseEndpoint(apiUrlInput)
      await this.requireKeychain()
      const user = await this.validate(endpoint.apiUrl, token)
      const id = accountIdFor(endpoint.apiUrl, user.id)
      await this.deps.keychain.set(id, token)
      this.tokens.set(id, token)
      const file = await this.load()
      const existing = file.accounts.find((account) => account.id === id)
      const account: StoredAccount = {
        id,
        apiUrl: endpoint.apiUrl,
        userId: user.id,
        login: user.login,
        name: user.name,
        avatarUrl: user.avatar_url,
        addedAt: existing?.addedAt ?? this.deps.now().toISOString(),
        tokenRejectedAt: null,
      }
      const next = { ...file, accounts: existing ? file.accounts.map((a) => (a.id === id ? account : a)) : [...file.accounts, account] }
      try {
        await this.save(next)
      } catch (error) {
        if (!existing) {
          this.tokens.delete(id)
          await this.deps.keychain.delete(id).catch(() => false)
        }
        throw error
      }
      return summarize(account)
    })
  }

  replaceToken(accountId: string, token: string): Promise<AccountSummary> {
    return this.serially(async () => {
      const account = await this.get(accountId)
      await this.requireKeychain()
      const user = await this.validate(account.apiUrl, token)
      if (user.id !== account.userId) {
        throw new UserError(`This token belongs to @${user.login}, not @${account.login}. Add it as a separate account instead.`, 'token_other_user', 'token')
      }
      await this.deps.keychain.set(accountId, token)
      this.tokens.set(accountId, token)
      const updated: StoredAccount = { ...account, login: user.login, name: user.name, avatarUrl: user.avatar_url, tokenRejectedAt: null }
      const file = await this.load()
      await this.save({ ...file, accounts: file.accounts.map((a) => (a.id === accountId ? updated : a)) })
      return summarize(updated)
    })
  }

  remove(accountId: string): Promise<void> {
    return this.serially(async () => {
      const file = await this.load()
      if (!file.accounts.some((account) => account.id === accountId)) return
      this.tokens.delete(accountId)
      await this.deps.keychain.delete(accountId)
      await this.save({ ...file, accounts: file.accounts.filter((account) => account.id !== accountId) })
    })
  }

  /**
   * Runs Travis calls with the account's token. A rejection marks the account "token rejected"
   * (and nothing else is lost) so the UI can offer to replace it.
   */
  async withClient<T>(accountId: string, run: (client: TravisClient, account: StoredAccount) => Promise<T>): Promise<T> {
    const account = await this.get(accountId)
    const token = await this.token(accountId)
    if (!token) {
      await this.markRejected(accountId)
      throw new UserError(`The token of @${account.login} is missing from the keychain. Replace the token to go on.`, 'token_missing')
    }
    try {
      return await run(this.deps.clientFor(account.apiUrl, token), account)
    } catch (error) {
      if (isTravisError(error, 'token_rejected') || isTravisError(error, 'login_required')) await this.markRejected(accountId)
      throw error
    }
  }

  private async token(accountId: string): Promise<string | null> {
    const known = this.tokens.get(accountId)
    if (known !== undefined) return known
    const stored = await this.deps.keychain.get(accountId)
    if (stored) this.tokens.set(accountId, stored)
    return stored
  }

  private markRejected(accountId: string): Promise<void> {
    this.tokens.delete(accountId)
    return this.serially(async () => {
      const file = await this.load()
      const account = file.accounts.find((candidate) => candidate.id === accountId)
      if (!account || account.tokenRejectedAt) return
      const rejected = { ...account, tokenRejectedAt: this.deps.now().toISOString() }
      await this.save({ ...file, accounts: file.accounts.map((a) => (a.id === accountId ? rejected : a)) })
    })
  }

  private async validate(apiUrl: string, token: string) {
    try {
      return await this.deps.clientFor(apiUrl, token).user(undefined, 'validate_token')
    } catch (error) {
      if (isTravisError(error, 'token_rejected') || isTravisError(error, 'login_required') || isTravisError(error, 'wrong_credentials')) {
        throw new UserError(
          `${new URL(apiUrl).host} did not accept this token. Copy the API token from your Travis profile settings (Settings → API authentication) and try again.`,
          'token_invalid',
          'token',
        )
      }
      throw error
    }
  }

  private async requireKeychain(): Promise<void> {
    const status = await this.deps.keychain.status()
    if (status.state !== 'available') {
      throw new UserError(`Shipmate stores tokens only in the OS keychain, and it is ${status.state}: ${status.reason ?? ''}`.trim(), `keychain_${status.state}`)
    }
  }

  private async load(): Promise<AccountsFile> {
    this.cache ??= await this.deps.file.read()
    return this.cache
  }

  private async save(next: AccountsFile): Promise<void> {
    await this.deps.file.write(next)
    this.cache = next
    this.deps.events.emit('accounts.changed', next.accounts.map(summarize))
  }

  /** One change at a time, so two quick clicks cannot interleave keychain and file writes. */
  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => undefined)
    return next
  }
}

function summarize(account: StoredAccount): AccountSummary {
  return {
    id: account.id,
    endpoint: describe(account.apiUrl),
    userId: account.userId,
    login: account.login,
    name: account.name,
    avatarUrl: account.avatarUrl,
    tokenRejected: account.tokenRejectedAt !== null,
  }
}
