import type { KeychainStatus } from '@shared/api'
import { UserError } from '../errors'

/** The OS keychain as the core sees it: one service, secrets by account name. */
export interface Keychain {
  status(): Promise<KeychainStatus>
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'Shipmate'
const PROBE_ACCOUNT = 'shipmate-availability-probe'

interface KeyringEntry {
  getPassword(): Promise<string | null>
  setPassword(password: string): Promise<void>
  deletePassword(): Promise<boolean>
}
type EntryFactory = (service: string, account: string) => KeyringEntry

/**
 * The keychain through @napi-rs/keyring (Secret Service on Linux, Keychain on macOS, Credential
 * Manager on Windows). Loaded lazily so that a machine without the native module still starts and
 * reports the keychain as missing instead of crashing.
 */
export function createOsKeychain(service = KEYCHAIN_SERVICE, factory?: EntryFactory): Keychain {
  let entryFactory = factory
  const entry = async (account: string): Promise<KeyringEntry> => {
    if (!entryFactory) {
      const keyring = await import('@napi-rs/keyring')
      const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
      entryFactory = (s, a) => new keyring.AsyncEntry(s, a, options)
    }
    return entryFactory(service, account)
  }
  const guarded = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      const status = describeKeychainFailure(error)
      throw new UserError(`Could not ${action} the OS keychain: ${status.reason}`, `keychain_${status.state}`)
    }
  }
  return {
    async status() {
      try {
        await (await entry(PROBE_ACCOUNT)).getPassword()
        return { state: 'available' }
      } catch (error) {
        return describeKeychainFailure(error)
      }
    },
    get: (account) => guarded('read from', async () => (await entry(account)).getPassword()),
    set: (account, secret) => guarded('save to', async () => (await entry(account)).setPassword(secret)),
    delete: (account) => guarded('delete from', async () => (await entry(account)).deletePassword()),
  }
}

/** Turns the keyring library's errors into a state and a reason a user can act on. */
export function describeKeychainFailure(error: unknown): KeychainStatus & { reason: string } {
  const text = error instanceof Error ? error.message : String(error)
  if (/cannot find module|was compiled against|invalid ELF|dlopen/i.test(text)) {
    return { state: 'missing', reason: 'the keychain module could not be loaded on this system.' }
  }
  if (/locked|prompt|dismissed|no result found/i.test(text)) {
    return {
      state: 'locked',
      reason:
        'the keychain is locked or has no default keyring. Unlock it (for example by logging in to your desktop session) and check again.',
    }
  }
  if (/dbus|autolaunch|AccessDenied|platform storage|secret service/i.test(text)) {
    return {
      state: 'missing',
      reason:
        'no Secret Service keychain answered on the session bus. Install and start one (gnome-keyring or KWallet) and check again.',
    }
  }
  return { state: 'missing', reason: 'the keychain did not answer as expected.' }
}
