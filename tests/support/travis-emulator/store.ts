// The emulator's world: every record, the token table and the lookups the services need.
import type {
  BuildRecord,
  JobRecord,
  LogRecord,
  OrgRecord,
  OwnerRef,
  RepoRecord,
  RepoRole,
  UserRecord,
} from './model'

export class Store {
  readonly users = new Map<number, UserRecord>()
  readonly orgs = new Map<number, OrgRecord>()
  readonly repos = new Map<number, RepoRecord>()
  readonly builds = new Map<number, BuildRecord>()
  readonly jobs = new Map<number, JobRecord>()
  /** By job id. A missing entry is a job whose log record does not exist (yet). */
  readonly logs = new Map<number, LogRecord>()
  /** API token -> user id. */
  readonly tokens = new Map<string, number>()
  private nextIds = { user: 1000, repo: 100_000, log: 900_000 }

  allocateUserId(): number {
    return this.nextIds.user++
  }

  allocateRepoId(): number {
    return this.nextIds.repo++
  }

  allocateLogId(): number {
    return this.nextIds.log++
  }

  userByToken(token: string): UserRecord | undefined {
    const id = this.tokens.get(token)
    return id === undefined ? undefined : this.users.get(id)
  }

  userByLogin(login: string): UserRecord | undefined {
    const wanted = login.toLowerCase()
    for (const user of this.users.values()) if (user.login.toLowerCase() === wanted) return user
    return undefined
  }

  orgByLogin(login: string): OrgRecord | undefined {
    const wanted = login.toLowerCase()
    for (const org of this.orgs.values()) if (org.login.toLowerCase() === wanted) return org
    return undefined
  }

  owner(ref: OwnerRef): UserRecord | OrgRecord | undefined {
    return ref.kind === 'user' ? this.users.get(ref.id) : this.orgs.get(ref.id)
  }

  /** Case-insensitive, as Travis looks slugs up, but an exact match wins. */
  repoBySlug(slug: string): RepoRecord | undefined {
    const wanted = slug.toLowerCase()
    let loose: RepoRecord | undefined
    for (const repo of this.repos.values()) {
      const candidate = `${repo.ownerLogin}/${repo.name}`
      if (candidate === slug) return repo
      if (!loose && candidate.toLowerCase() === wanted) loose = repo
    }
    return loose
  }

  role(repo: RepoRecord, user: UserRecord | undefined): RepoRole | undefined {
    return user ? repo.roles.get(user.id) : undefined
  }

  buildsOf(repo: RepoRecord): BuildRecord[] {
    return [...this.builds.values()].filter((b) => b.repoId === repo.id)
  }

  jobsOf(build: BuildRecord): JobRecord[] {
    return build.jobIds.map((id) => this.jobs.get(id)).filter((j): j is JobRecord => j !== undefined)
  }

  /** The build that last started, for `repository.last_started_build`. */
  lastStartedBuild(repo: RepoRecord): BuildRecord | undefined {
    return this.buildsOf(repo)
      .filter((b) => b.startedAt !== null)
      .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0]
  }
}

export function slugOf(repo: RepoRecord): string {
  return `${repo.ownerLogin}/${repo.name}`
}
