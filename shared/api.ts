/**
 * The one contract between the renderer and the core. Both hosts (Electron IPC and the browser-mode
 * WebSocket) implement exactly these maps; no method or event name appears anywhere else as a string.
 * Types here are plain data: nothing secret (tokens, keys) is ever part of a result or an event.
 */

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

export type EndpointKind = 'com' | 'org' | 'enterprise'

export interface Endpoint {
  /** The API base URL without a trailing slash, e.g. `https://api.travis-ci.com`. */
  apiUrl: string
  kind: EndpointKind
  label: string
  /** travis-ci.org stopped building in 2021: browsing works, debug and cancel do not. */
  readOnly: boolean
}

export interface AccountSummary {
  /** `<api host>/<user id>`, also the account name of its keychain entry. */
  id: string
  endpoint: Endpoint
  userId: number
  login: string
  name: string | null
  avatarUrl: string | null
  /** Travis rejected the stored token since it was added: offer "Replace token". */
  tokenRejected: boolean
}

export type DebugHint = 'available' | 'public_needs_support' | 'no_permission' | 'read_only_endpoint'

export interface RepoSummary {
  id: number
  slug: string
  owner: string
  name: string
  description: string | null
  private: boolean
  active: boolean
  debugHint: DebugHint
}

export interface BuildSummary {
  id: number
  number: string
  state: string
  branch: string | null
  eventType: string | null
  commitMessage: string | null
  commitSha: string | null
  pullRequestNumber: number | null
  startedAt: string | null
  finishedAt: string | null
  duration: number | null
}

export interface JobSummary {
  id: number
  number: string
  state: string
  os: string | null
  language: string | null
  env: string | null
  allowFailure: boolean
  stage: string | null
  startedAt: string | null
  finishedAt: string | null
  restartedAt: string | null
  canDebug: boolean
  canCancel: boolean
}

export interface BuildsPage {
  builds: BuildSummary[]
  offset: number
  limit: number
  count: number
  isLast: boolean
}

export interface JobPicker {
  accountId: string
  repo: RepoSummary
  build: BuildSummary
  jobs: JobSummary[]
}

export interface ResolvedTravisUrl {
  accountId: string
  kind: 'build' | 'job'
  buildId: number
  jobId?: number
  slug: string
}

export interface CliImportCandidate {
  apiUrl: string
  label: string
  /** Already added in Shipmate with the same user: importing again changes nothing. */
  alreadyAdded: boolean
  login?: string
  /** Why this entry cannot be imported (the token was rejected, the endpoint unreachable). */
  problem?: string
}

export interface CliImportScan {
  path: string
  found: boolean
  candidates: CliImportCandidate[]
}

export interface CliImportResult {
  imported: AccountSummary[]
  failed: { apiUrl: string; message: string }[]
  removedFromFile: boolean
}

/** Request methods: the renderer calls them, the core answers. Arguments are one plain object. */
export interface Requests {
  'app.info': (args: Record<string, never>) => AppInfo
  'app.notices': (args: Record<string, never>) => Notice[]
  'app.dismissNotice': (args: { id: string }) => void
  'app.recheckKeychain': (args: Record<string, never>) => KeychainStatus
  'app.openExternal': (args: { url: string }) => void
  'accounts.list': (args: Record<string, never>) => AccountSummary[]
  /** The token crosses once, inward; nothing ever sends it back out. */
  'accounts.add': (args: { apiUrl: string; token: string }) => AccountSummary
  'accounts.replaceToken': (args: { accountId: string; token: string }) => AccountSummary
  'accounts.remove': (args: { accountId: string }) => void
  'accounts.scanTravisCli': (args: Record<string, never>) => CliImportScan
  'accounts.importTravisCli': (args: { apiUrls: string[]; removeFromFile: boolean }) => CliImportResult
  /** Loads every repository; pages also arrive as `browse.reposPage` events while it runs. */
  'browse.repos': (args: { accountId: string; requestId: string }) => { total: number }
  'browse.builds': (args: { accountId: string; repoId: number; offset: number }) => BuildsPage
  'browse.jobs': (args: { accountId: string; buildId: number }) => JobPicker
  'browse.log': (args: { accountId: string; jobId: number }) => { content: string | null }
  'browse.resolveUrl': (args: { url: string; accountId?: string }) => ResolvedTravisUrl
}

/** Events: the core pushes them to every connected renderer. */
export interface Events {
  'app.keychainChanged': KeychainStatus
  'app.notice': Notice
  'accounts.changed': AccountSummary[]
  'browse.reposPage': { accountId: string; requestId: string; repos: RepoSummary[]; loaded: number; total: number; done: boolean }
}

export type RequestMethod = keyof Requests
export type EventName = keyof Events
export type RequestArgs<M extends RequestMethod> = Parameters<Requests[M]>[0]
export type RequestResult<M extends RequestMethod> = ReturnType<Requests[M]>

export const requestMethods = [
  'app.info',
  'app.notices',
  'app.dismissNotice',
  'app.recheckKeychain',
  'app.openExternal',
  'accounts.list',
  'accounts.add',
  'accounts.replaceToken',
  'accounts.remove',
  'accounts.scanTravisCli',
  'accounts.importTravisCli',
  'browse.repos',
  'browse.builds',
  'browse.jobs',
  'browse.log',
  'browse.resolveUrl',
] as const satisfies readonly RequestMethod[]

export const eventNames = ['app.keychainChanged', 'app.notice', 'accounts.changed', 'browse.reposPage'] as const satisfies readonly EventName[]

/** What every host gives the renderer: the same shape whether it is IPC or a WebSocket. */
export interface ShipmateBridge {
  request<M extends RequestMethod>(method: M, args: RequestArgs<M>): Promise<RequestResult<M>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  readonly host: 'electron' | 'web'
}

/** The error shape that crosses a process boundary: a message a user can read, never a stack. */
export interface WireError {
  message: string
  code: string
  /** The request field that failed validation, when that was the cause. */
  field?: string
}

// Compile-time check that the method list and the map agree in both directions.
type Missing = Exclude<RequestMethod, (typeof requestMethods)[number]>
type MissingEvents = Exclude<EventName, (typeof eventNames)[number]>
const exhaustive: [Missing, MissingEvents] extends [never, never] ? true : false = true
void exhaustive
