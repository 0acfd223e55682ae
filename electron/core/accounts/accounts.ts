import type { AccountSummary } from '@shared/api'
import { UserError } from '../errors'
import type { EventHub } from '../events'
import type { JsonFile } from '../store/json-file'
import type { TravisClient } from '../travis/client'
import { isTravisError } from '../travis/travis-error'
import { dropAccount, putAccount, type AccountsFile, type StoredAccount } from './account-file'
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
 *
 * The app and `shipmate accounts` may change accounts.json at the same time, so nothing here
 * keeps a copy of it: reads go to the file, and every change is applied to the file as it is
 * on disk under its lock. A change made by another process is announced as `accounts.changed`
 * once the file watch sees it.
 */
export class Accounts {
  private readonly deps: AccountsDeps
  /** The list last announced (or read at start), to announce another process's change once. */
  private announced: string | undefined
  /** Counts this process's own announcements, so a re-read that began before one does not undo it. */
  private announcements = 0
  private stopWatching: (() => void) | undefined
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

  /** Reads the file (a damaged one is reported now, not on first use) and starts noticing other processes' changes. */
  async start(): Promise<void> {
    this.announced = JSON.stringify((await this.deps.file.read()).accounts.map(summarize))
    this.stopWatching ??= this.deps.file.watch(() => void this.refresh())
  }

  dispose(): void {
    this.stopWatching?.()
    this.stopWatching = undefined
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.deps.file.read()).accounts.map(summarize)
  }

  async get(accountId: string): Promise<StoredAccount> {
    return this.found(await this.deps.file.read(), accountId)
  }

  add(apiUrlInput: string, token: string): Promise<AccountSummary> {
    return this.serially(async () => {
      const endpoint = parseEndpoint(apiUrlInput)
      await this.requireKeychain()
      const user = await this.validate(endpoint.apiUrl, token)
      const id = accountIdFor(endpoint.apiUrl, user.id)
      const existed = (await this.deps.file.read()).accounts.some((account) => account.id === id)
      await this.deps.keychain.set(id, token)
      this.tokens.set(id, token)
      let saved: AccountsFile
      try {
        saved = await this.change((file) => {
          const existing = file.accounts.find((candidate) => candidate.id === id)
          return putAccount(file, {
            id,
            apiUrl: endpoint.apiUrl,
            userId: user.id,
            login: user.login,
            name: user.name,
            avatarUrl: user.avatar_url,
            addedAt: existing?.addedAt ?? this.deps.now().toISOString(),
            tokenRejectedAt: null,
          })
        })
      } catch (error) {
        if (!existed) {
          this.tokens.delete(id)
          await this.deps.keychain.delete(id).catch(() => false)
        }
        throw error
      }
      return summarize(this.found(saved, id))
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
      const saved = await this.change((file) => {
        const current = file.accounts.find((candidate) => candidate.id === accountId)
        if (current === undefined) return undefined
        return putAccount(file, { ...current, login: user.login, name: user.name, avatarUrl: user.avatar_url, tokenRejectedAt: null })
      })
      if (!saved.accounts.some((candidate) => candidate.id === accountId)) {
        // Removed by another Shipmate meanwhile, which deleted the token first: do not leave the new one behind.
        this.tokens.delete(accountId)
        await this.deps.keychain.delete(accountId).catch(() => false)
      }
      return summarize(this.found(saved, accountId))
    })
  }

  remove(accountId: string): Promise<void> {
    return this.serially(async () => {
      const file = await this.deps.file.read()
      if (!file.accounts.some((account) => account.id === accountId)) return
      this.tokens.delete(accountId)
      await this.deps.keychain.delete(accountId)
      await this.change((current) => (current.accounts.some((account) => account.id === accountId) ? dropAccount(current, accountId) : undefined))
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
      await this.change((file) => {
        const account = file.accounts.find((candidate) => candidate.id === accountId)
        if (!account || account.tokenRejectedAt) return undefined
        return putAccount(file, { ...account, tokenRejectedAt: this.deps.now().toISOString() })
      })
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

  private found(file: AccountsFile, accountId: string): StoredAccount {
    const account = file.accounts.find((candidate) => candidate.id === accountId)
    if (!account) throw new UserError('That account is not in Shipmate any more. Pick another one.', 'unknown_account', 'accountId')
    return account
  }

  /**
   * Applies `edit` to accounts.json as it is on disk (undefined: nothing to change), announces the
   * result and returns it.
   */
  private async change(edit: (file: AccountsFile) => AccountsFile | undefined): Promise<AccountsFile> {
    let changed = false
    const next = await this.deps.file.update((file) => {
      const edited = edit(file)
      changed = edited !== undefined
      return edited
    })
    if (changed) this.announce(next)
    return next
  }

  private announce(file: AccountsFile): void {
    const accounts = file.accounts.map(summarize)
    this.announced = JSON.stringify(accounts)
    this.announcements += 1
    this.deps.events.emit('accounts.changed', accounts)
  }

  /** Another process may have changed accounts.json: announce the list if it differs from the last one. */
  private async refresh(): Promise<void> {
    const before = this.announcements
    let file: AccountsFile
    try {
      file = await this.deps.file.read()
    } catch {
      // Unreadable now (a permission changed): the next request reads it again and tells the user why.
      return
    }
    if (this.announcements !== before || JSON.stringify(file.accounts.map(summarize)) === this.announced) return
    this.announce(file)
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
