/** The parts of Travis API v3 objects Shipmate reads (reference/travis-api-v3.md §3). */

export interface V3Pagination {
  limit: number
  offset: number
  count: number
  is_first: boolean
  is_last: boolean
  next: { '@href': string; offset: number; limit: number } | null
}

export interface V3User {
  '@type': 'user'
  id: number
  login: string
  name: string | null
  avatar_url: string | null
}

export interface V3Repository {
  '@type': 'repository'
  id: number
  name: string
  slug: string
  description?: string | null
  private?: boolean
  active?: boolean
  owner?: { login?: string } | { '@href': string }
  owner_name?: string
  default_branch?: { name?: string } | null
  migration_status?: string | null
  '@permissions'?: Record<string, boolean>
}

export interface V3Commit {
  sha?: string
  message?: string
  ref?: string | null
}

export interface V3Build {
  '@type': 'build'
  id: number
  number: string
  state: string
  duration?: number | null
  event_type?: string
  pull_request_number?: number | null
  pull_request_title?: string | null
  started_at?: string | null
  finished_at?: string | null
  private?: boolean
  repository?: Partial<V3Repository>
  branch?: { name?: string } | null
  tag?: { name?: string } | null
  commit?: V3Commit | null
  created_by?: { login?: string } | null
  '@permissions'?: Record<string, boolean>
}

export interface V3Job {
  '@type': 'job'
  id: number
  number?: string
  state?: string
  allow_failure?: boolean
  started_at?: string | null
  finished_at?: string | null
  restarted_at?: string | null
  queue?: string
  private?: boolean
  build?: Partial<V3Build> & { id: number }
  repository?: Partial<V3Repository> & { id: number }
  stage?: { name?: string } | null
  config?: Record<string, unknown>
  '@permissions'?: Record<string, boolean>
}

export interface V3Log {
  '@type': 'log'
  id: number
  content: string | null
  log_parts?: { content: string; final: boolean; number: number }[]
}

export interface V3Pending {
  '@type': 'pending'
  state_change: string
  job?: { id: number }
}

