/** Types of the app shell: version, data dir, keychain, notices. */

export type KeychainState = 'available' | 'locked' | 'missing'

export interface KeychainStatus {
  state: KeychainState
  /** Why it is not available, in words a user can act on; absent when available. */
  reason?: string
}

export interface AppInfo {
  name: string
  version: string
  dataDir: string
  keychain: KeychainStatus
  host: 'electron' | 'web' | 'cli'
}

export interface Notice {
  id: string
  level: 'info' | 'warning' | 'error'
  message: string
  at: string
}
