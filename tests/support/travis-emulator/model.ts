// The emulator's in-memory records. Field names follow Travis's own models so the renderers read
// like the reference; times are epoch milliseconds (null = not set).

export type Flavour = 'com' | 'org' | 'enterprise'

export type JobState =
  | 'created'
  | 'queued'
  | 'received'
  | 'started'
  | 'passed'
  | 'failed'
  | 'errored'
  | 'canceled'

export const FINISHED_STATES: readonly JobState[] = ['passed', 'failed', 'errored', 'canceled']
export const RUNNING_STATES: readonly JobState[] = ['received', 'queued', 'started']

export type RepoRole = 'admin' | 'push' | 'pull'

export interface UserRecord {
  id: number
  login: string
  name: string
  email: string
  githubId: number
  avatarUrl: string
  roMode: boolean
  createdAt: number
}

export interface OrgRecord {
  id: number
  login: string
  name: string
  githubId: number
  avatarUrl: string
  roMode: boolean
  members: number[]
}

export interface OwnerRef {
  kind: 'user' | 'organization'
  id: number
}

export interface RepoRecord {
  id: number
  name: string
  owner: OwnerRef
  ownerLogin: string
  description: string | null
  githubId: number
  githubLanguage: string | null
  active: boolean
  private: boolean
  defaultBranch: string
  /** The `debug_tools` feature flag: only meaningful on public repos (private ones always may). */
  debugToolsFlag: boolean
  migrationStatus: 'migrated' | 'migrating' | null
  managedByInstallation: boolean
  /** Billing refuses restart/debug with the insufficient-credit 403. */
  billingBlocked: boolean
  /** Abuse detection refuses restart with its 403. */
  abuseBlocked: boolean
  roles: Map<number, RepoRole>
}

export interface CommitRecord {
  id: number
  sha: string
  ref: string
  message: string
  compareUrl: string
  committedAt: number
}

export interface BuildRecord {
  id: number
  repoId: number
  number: number
  state: JobState
  previousState: JobState | null
  eventType: 'push' | 'pull_request' | 'cron' | 'api'
  branch: string
  pullRequestTitle: string | null
  pullRequestNumber: number | null
  commit: CommitRecord
  startedAt: number | null
  finishedAt: number | null
  createdBy: number
  updatedAt: number
  jobIds: number[]
}

export type OsName = 'linux' | 'osx' | 'windows'

export interface JobConfig {
  os: OsName
  language: string
  dist?: string
  osx_image?: string
  env?: string
  [key: string]: unknown
}

export interface DebugOptions {
  stage: 'before_install'
  previous_state: JobState
  created_by: string
  quiet: boolean
}

export interface JobRecord {
  id: number
  buildId: number
  repoId: number
  number: string
  state: JobState
  allowFailure: boolean
  queue: string
  config: JobConfig
  createdAt: number
  updatedAt: number
  startedAt: number | null
  finishedAt: number | null
  restartedAt: number | null
  restartedBy: number | null
  debugOptions: DebugOptions | null
}

export interface LogPart {
  number: number
  content: string
  final: boolean
}

export interface LogRecord {
  id: number
  jobId: number
  parts: LogPart[]
  removedAt: number | null
  removedBy: number | null
}
