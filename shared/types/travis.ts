/** Travis accounts and what is browsed with them; plain data, never a token. */

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
