// The deterministic seed.
//
// Users (token in SEED.users.*.token):
//   alice (1)  owns most things; admin of her repos and of acme's; has the bulk repos.
//   bob   (2)  pull (read-only) on alice/private-app, push on alice/public-lib and acme's repos,
//              owns the private bob/bob-secret that nobody else can see.
//   carol (3)  an outsider: sees public repos only, owns carol/carol-tools.
//   erin  (4)  owns nothing unless made the bulk owner (`bulkOwner: 'erin'` gives an account whose
//              /repos is exactly the bulk repositories, e.g. 5,000 = 50 pages).
// Organisation acme (10) with members alice and bob.
// Repositories (SEED.repos.*):
//   1 alice/private-app     private; builds #1..#N fillers plus #101..#106: passed, errored,
//                           canceled, a failed 4-job matrix (linux/osx/windows, allow_failure,
//                           env), a passed job with a ~50k-line log, and a running build
//                           (one job started, one queued, one created).
//   2 alice/public-lib      public, no debug_tools flag (debug -> 403 wrong_credentials).
//   3 alice/public-debug    public WITH the debug_tools flag.
//   4 acme/org-app          private org repo.
//   5 acme/legacy-app       private, migration_status "migrated" (restart/debug -> repo_migrated
//                           on the 'org' flavour).
//   6 alice/billing-blocked private; billing refuses restart/debug.
//   7 carol/carol-tools     public.
//   8 bob/bob-secret        private, bob only.
//   1001.. <bulkOwner>/bulk-0001..  SeedOptions.bulkRepoCount repos (default 250, alice's);
//                           every third private, every seventh inactive, even ids managed by the
//                           GitHub App.
// Job and build ids are in SEED.builds / SEED.jobs; logs exist for every seeded job.
import type {
  BuildRecord,
  CommitRecord,
  JobConfig,
  JobRecord,
  JobState,
  OsName,
  RepoRecord,
  RepoRole,
  UserRecord,
} from './model'
import { Store } from './store'
import { bigLog, finishedJobLog, runningJobParts } from './seed-logs'

export interface SeedOptions {
  /** Extra repositories for `bulkOwner` (pagination; a benchmark uses 5,000). */
  bulkRepoCount: number
  /** Login of the seeded user who owns the bulk repositories. */
  bulkOwner: 'alice' | 'bob' | 'carol' | 'erin'
  /** Lines in the big log of SEED.jobs.bigLog. */
  bigLogLines: number
  /** Finished single-job builds #1..#N on alice/private-app (builds pagination). */
  fillerBuildCount: number
  /** "Now" of the seed: every seeded time is before it. */
  baseTime: string
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = {
  bulkRepoCount: 250,
  bulkOwner: 'alice',
  bigLogLines: 50_000,
  fillerBuildCount: 30,
  baseTime: '2025-11-03T09:00:00Z',
}

export const SEED = {
  users: {
    alice: { id: 1, login: 'alice', name: 'Alice Liddell', token: 'aLiCe7oKeN4f8c2a91d3e7Xq' },
    bob: { id: 2, login: 'bob', name: 'Bob Builder', token: 'bOb9ToKeN0e5d7c3b1a2f4Wz' },
    carol: { id: 3, login: 'carol', name: 'Carol Outsider', token: 'cArOl2tOkEn8a6e4c2b0d9Yk' },
    erin: { id: 4, login: 'erin', name: 'Erin Many', token: 'eRiN5tOkEn3c1a9e7d5b2f0Hm' },
  },
  orgs: { acme: { id: 10, login: 'acme', name: 'Acme Corp' } },
  repos: {
    privateApp: { id: 1, slug: 'alice/private-app' },
    publicLib: { id: 2, slug: 'alice/public-lib' },
    publicDebug: { id: 3, slug: 'alice/public-debug' },
    orgApp: { id: 4, slug: 'acme/org-app' },
    migrated: { id: 5, slug: 'acme/legacy-app' },
    billingBlocked: { id: 6, slug: 'alice/billing-blocked' },
    carolTools: { id: 7, slug: 'carol/carol-tools' },
    bobSecret: { id: 8, slug: 'bob/bob-secret' },
  },
  bulk: { firstRepoId: 1001, namePrefix: 'bulk-' },
  builds: {
    passed: 500001,
    errored: 500002,
    canceled: 500003,
    matrix: 500004,
    bigLog: 500005,
    running: 500006,
    publicLibFailed: 500101,
    publicLibPassed: 500102,
    publicDebugFailed: 500201,
    orgAppFailed: 500301,
    migratedFailed: 500401,
    billingFailed: 500501,
    carolPassed: 500601,
    bobSecretFailed: 500701,
    firstFiller: 510001,
  },
  jobs: {
    passed: 700001,
    errored: 700002,
    canceled: 700003,
    matrixLinux: 700004,
    matrixOsx: 700005,
    matrixWindows: 700006,
    matrixMysql: 700007,
    bigLog: 700008,
    running: 700009,
    queued: 700010,
    created: 700011,
    publicLibFailed: 700101,
    publicLibPassed: 700102,
    publicDebugFailed: 700201,
    orgAppLinux: 700301,
    orgAppOsx: 700302,
    migratedFailed: 700401,
    billingFailed: 700501,
    carolPassed: 700601,
    bobSecretFailed: 700701,
    firstFiller: 710001,
  },
} as const

const MINUTE = 60_000
const HOUR = 60 * MINUTE

function hex(n: number, length: number): string {
  let out = ''
  let x = (n * 2654435761) >>> 0
  while (out.length < length) {
    out += x.toString(16).padStart(8, '0')
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
  }
  return out.slice(0, length)
}

/** Deterministic per-job log token (what `@raw_log_href` carries as `log.token`). */
export function logTokenFor(jobId: number): string {
  return `lt${hex(jobId + 17, 20)}`
}

interface JobSpec {
  id: number
  os: OsName
  language: string
  env?: string
  state: JobState
  allowFailure?: boolean
  bigLog?: boolean
}

interface BuildSpec {
  id: number
  repo: RepoRecord
  number: number
  state: JobState
  previousState: JobState | null
  branch?: string
  eventType?: BuildRecord['eventType']
  createdBy: number
  /** How long before the seed's base time the build started. */
  agoMs: number
  jobs: JobSpec[]
}

const LANGUAGE_KEY: Record<string, [string, string]> = {
  ruby: ['rvm', '3.2'],
  node_js: ['node_js', '20'],
  python: ['python', '3.12'],
  go: ['go', '1.22.x'],
}

function jobConfig(spec: JobSpec): JobConfig {
  const config: JobConfig = { os: spec.os, language: spec.language }
  if (spec.os === 'linux') config.dist = 'focal'
  if (spec.os === 'osx') config.osx_image = 'xcode15.2'
  const versionKey = LANGUAGE_KEY[spec.language]
  if (versionKey) config[versionKey[0]] = versionKey[1]
  if (spec.env !== undefined) config.env = spec.env
  config.group = 'stable'
  config['.result'] = 'configured'
  return config
}

const FINISHED: readonly JobState[] = ['passed', 'failed', 'errored', 'canceled']

class Seeder {
  readonly store = new Store()
  readonly base: number

  constructor(private readonly options: SeedOptions) {
    this.base = Date.parse(options.baseTime)
  }

  user(id: number, login: string, name: string, token: string): UserRecord {
    const user: UserRecord = {
      id,
      login,
      name,
      email: `${login}@example.com`,
      githubId: 5_000_000 + id,
      avatarUrl: `https://avatars.githubusercontent.com/u/${5_000_000 + id}?v=4`,
      roMode: false,
      createdAt: this.base - 400 * 24 * HOUR,
    }
    this.store.users.set(id, user)
    this.store.tokens.set(token, id)
    return user
  }

  repo(
    id: number,
    ownerKind: 'user' | 'organization',
    ownerId: number,
    name: string,
    fields: Partial<RepoRecord>,
    roles: [number, RepoRole][],
  ): RepoRecord {
    const owner = ownerKind === 'user' ? this.store.users.get(ownerId) : this.store.orgs.get(ownerId)
    if (!owner) throw new Error(`seed: no owner ${ownerKind} ${ownerId}`)
    const repo: RepoRecord = {
      id,
      name,
      owner: { kind: ownerKind, id: ownerId },
      ownerLogin: owner.login,
      description: null,
      githubId: 90_000_000 + id,
      githubLanguage: null,
      active: true,
      private: false,
      defaultBranch: 'master',
      debugToolsFlag: false,
      migrationStatus: null,
      managedByInstallation: false,
      billingBlocked: false,
      abuseBlocked: false,
      roles: new Map(roles),
      ...fields,
    }
    this.store.repos.set(id, repo)
    return repo
  }

  build(spec: BuildSpec): BuildRecord {
    const startedAt = this.base - spec.agoMs
    const running = !FINISHED.includes(spec.state)
    const duration = 95_000 + (spec.number % 13) * 7_000
    const commit: CommitRecord = {
      id: spec.id + 3_000_000,
      sha: hex(spec.id, 40),
      ref: `refs/heads/${spec.branch ?? 'master'}`,
      message: `Build ${spec.number}: ${spec.state === 'passed' ? 'tidy up' : 'try the new session code'}`,
      compareUrl: `https://github.com/${spec.repo.ownerLogin}/${spec.repo.name}/compare/${hex(spec.id + 1, 12)}...${hex(spec.id, 12)}`,
      committedAt: startedAt - 2 * MINUTE,
    }
    const build: BuildRecord = {
      id: spec.id,
      repoId: spec.repo.id,
      number: spec.number,
      state: spec.state,
      previousState: spec.previousState,
      eventType: spec.eventType ?? 'push',
      branch: spec.branch ?? 'master',
      pullRequestTitle: spec.eventType === 'pull_request' ? `Pull request for build ${spec.number}` : null,
      pullRequestNumber: spec.eventType === 'pull_request' ? spec.number : null,
      commit,
      startedAt: spec.state === 'created' ? null : startedAt,
      finishedAt: running ? null : startedAt + duration,
      createdBy: spec.createdBy,
      updatedAt: (running ? startedAt : startedAt + duration) + 123,
      jobIds: spec.jobs.map((j) => j.id),
    }
    this.store.builds.set(build.id, build)
    spec.jobs.forEach((jobSpec, index) => this.job(build, spec.repo, jobSpec, index, startedAt, duration))
    return build
  }

  private job(build: BuildRecord, repo: RepoRecord, spec: JobSpec, index: number, startedAt: number, duration: number): void {
    const finished = FINISHED.includes(spec.state)
    const jobStarted = spec.state === 'started' || finished ? startedAt + index * 1000 : null
    const job: JobRecord = {
      id: spec.id,
      buildId: build.id,
      repoId: repo.id,
      number: `${build.number}.${index + 1}`,
      state: spec.state,
      allowFailure: spec.allowFailure ?? false,
      queue: `builds.${spec.os}`,
      config: jobConfig(spec),
      createdAt: startedAt - MINUTE + 456,
      updatedAt: (finished ? startedAt + duration : startedAt) + 789,
      startedAt: jobStarted,
      finishedAt: finished ? startedAt + duration - index * 500 : null,
      restartedAt: null,
      restartedBy: null,
      debugOptions: null,
    }
    this.store.jobs.set(job.id, job)
    this.log(job, repo, build, spec)
  }

  private log(job: JobRecord, repo: RepoRecord, build: BuildRecord, spec: JobSpec): void {
    if (spec.state === 'created' || spec.state === 'queued') return
    const input = {
      slug: `${repo.ownerLogin}/${repo.name}`,
      branch: build.branch,
      sha: build.commit.sha,
      os: spec.os,
      language: spec.language,
      env: spec.env,
      state: spec.state,
      startedAtMs: job.startedAt ?? this.base,
      seed: job.id,
    }
    const id = this.store.allocateLogId()
    if (spec.state === 'started' || spec.state === 'received') {
      const parts = spec.state === 'started' ? runningJobParts(input) : []
      this.store.logs.set(job.id, { id, jobId: job.id, parts: parts.map((content, number) => ({ number, content, final: false })), removedAt: null, removedBy: null })
      return
    }
    const content = spec.bigLog ? bigLog(this.options.bigLogLines, input) : finishedJobLog(input)
    // Archived logs come back aggregated: one part, number 0, final.
    this.store.logs.set(job.id, { id, jobId: job.id, parts: [{ number: 0, content, final: true }], removedAt: null, removedBy: null })
  }

  seed(): Store {
    const { users, orgs, repos, builds: b, jobs: j } = SEED
    const alice = this.user(users.alice.id, users.alice.login, users.alice.name, users.alice.token)
    const bob = this.user(users.bob.id, users.bob.login, users.bob.name, users.bob.token)
    const carol = this.user(users.carol.id, users.carol.login, users.carol.name, users.carol.token)
    this.user(users.erin.id, users.erin.login, users.erin.name, users.erin.token)
    this.store.orgs.set(orgs.acme.id, {
      id: orgs.acme.id,
      login: orgs.acme.login,
      name: orgs.acme.name,
      githubId: 7_000_010,
      avatarUrl: 'https://avatars.githubusercontent.com/u/7000010?v=4',
      roMode: false,
      members: [alice.id, bob.id],
    })

    const privateApp = this.repo(repos.privateApp.id, 'user', alice.id, 'private-app', {
      private: true,
      description: 'The app we debug',
      githubLanguage: 'Ruby',
    }, [[alice.id, 'admin'], [bob.id, 'pull']])
    const publicLib = this.repo(repos.publicLib.id, 'user', alice.id, 'public-lib', {
      description: 'A public library without debug tools',
      githubLanguage: 'JavaScript',
    }, [[alice.id, 'admin'], [bob.id, 'push']])
    const publicDebug = this.repo(repos.publicDebug.id, 'user', alice.id, 'public-debug', {
      description: 'A public repository support enabled debug mode for',
      githubLanguage: 'Python',
      debugToolsFlag: true,
    }, [[alice.id, 'admin']])
    const orgApp = this.repo(repos.orgApp.id, 'organization', orgs.acme.id, 'org-app', {
      private: true,
      githubLanguage: 'Go',
    }, [[alice.id, 'admin'], [bob.id, 'push']])
    const migrated = this.repo(repos.migrated.id, 'organization', orgs.acme.id, 'legacy-app', {
      private: true,
      migrationStatus: 'migrated',
      githubLanguage: 'Ruby',
    }, [[alice.id, 'admin'], [bob.id, 'push']])
    const billing = this.repo(repos.billingBlocked.id, 'user', alice.id, 'billing-blocked', {
      private: true,
      billingBlocked: true,
    }, [[alice.id, 'admin']])
    const carolTools = this.repo(repos.carolTools.id, 'user', carol.id, 'carol-tools', {
      githubLanguage: 'Go',
    }, [[carol.id, 'admin']])
    const bobSecret = this.repo(repos.bobSecret.id, 'user', bob.id, 'bob-secret', { private: true }, [[bob.id, 'admin']])

    for (let i = 1; i <= this.options.fillerBuildCount; i++) {
      const state: JobState = i % 4 === 0 ? 'failed' : 'passed'
      this.build({
        id: b.firstFiller + i - 1,
        repo: privateApp,
        number: i,
        state,
        previousState: i === 1 ? null : (i - 1) % 4 === 0 ? 'failed' : 'passed',
        branch: i % 3 === 0 ? 'feature/sessions' : 'master',
        eventType: i % 5 === 0 ? 'pull_request' : 'push',
        createdBy: alice.id,
        agoMs: (200 - i) * HOUR,
        jobs: [{ id: j.firstFiller + i - 1, os: 'linux', language: 'ruby', state }],
      })
    }
    this.build({ id: b.passed, repo: privateApp, number: 101, state: 'passed', previousState: 'failed', createdBy: alice.id, agoMs: 30 * HOUR,
      jobs: [{ id: j.passed, os: 'linux', language: 'ruby', env: 'DB=postgres', state: 'passed' }] })
    this.build({ id: b.errored, repo: privateApp, number: 102, state: 'errored', previousState: 'passed', createdBy: alice.id, agoMs: 26 * HOUR,
      jobs: [{ id: j.errored, os: 'linux', language: 'ruby', state: 'errored' }] })
    this.build({ id: b.canceled, repo: privateApp, number: 103, state: 'canceled', previousState: 'errored', createdBy: alice.id, agoMs: 22 * HOUR,
      jobs: [{ id: j.canceled, os: 'linux', language: 'ruby', state: 'canceled' }] })
    this.build({ id: b.matrix, repo: privateApp, number: 104, state: 'failed', previousState: 'canceled', createdBy: alice.id, agoMs: 18 * HOUR,
      jobs: [
        { id: j.matrixLinux, os: 'linux', language: 'ruby', env: 'DB=postgres SECRET_TOKEN=[secure]', state: 'failed' },
        { id: j.matrixOsx, os: 'osx', language: 'ruby', env: 'DB=sqlite', state: 'passed' },
        { id: j.matrixWindows, os: 'windows', language: 'ruby', env: 'DB=sqlite', state: 'failed', allowFailure: true },
        { id: j.matrixMysql, os: 'linux', language: 'ruby', env: 'DB=mysql', state: 'errored' },
      ] })
    this.build({ id: b.bigLog, repo: privateApp, number: 105, state: 'passed', previousState: 'failed', createdBy: alice.id, agoMs: 10 * HOUR,
      jobs: [{ id: j.bigLog, os: 'linux', language: 'node_js', state: 'passed', bigLog: true }] })
    this.build({ id: b.running, repo: privateApp, number: 106, state: 'started', previousState: 'passed', branch: 'feature/sessions', createdBy: alice.id, agoMs: 5 * MINUTE,
      jobs: [
        { id: j.running, os: 'linux', language: 'ruby', env: 'DB=postgres', state: 'started' },
        { id: j.queued, os: 'osx', language: 'ruby', env: 'DB=sqlite', state: 'queued' },
        { id: j.created, os: 'windows', language: 'ruby', env: 'DB=sqlite', state: 'created' },
      ] })

    this.build({ id: b.publicLibFailed, repo: publicLib, number: 7, state: 'failed', previousState: 'passed', createdBy: alice.id, agoMs: 50 * HOUR,
      jobs: [{ id: j.publicLibFailed, os: 'linux', language: 'node_js', state: 'failed' }] })
    this.build({ id: b.publicLibPassed, repo: publicLib, number: 8, state: 'passed', previousState: 'failed', createdBy: bob.id, agoMs: 40 * HOUR,
      jobs: [{ id: j.publicLibPassed, os: 'linux', language: 'node_js', state: 'passed' }] })
    this.build({ id: b.publicDebugFailed, repo: publicDebug, number: 3, state: 'failed', previousState: 'passed', createdBy: alice.id, agoMs: 12 * HOUR,
      jobs: [{ id: j.publicDebugFailed, os: 'linux', language: 'python', state: 'failed' }] })
    this.build({ id: b.orgAppFailed, repo: orgApp, number: 12, state: 'failed', previousState: 'passed', createdBy: bob.id, agoMs: 8 * HOUR,
      jobs: [
        { id: j.orgAppLinux, os: 'linux', language: 'go', state: 'failed' },
        { id: j.orgAppOsx, os: 'osx', language: 'go', state: 'passed' },
      ] })
    this.build({ id: b.migratedFailed, repo: migrated, number: 40, state: 'failed', previousState: 'passed', createdBy: alice.id, agoMs: 900 * HOUR,
      jobs: [{ id: j.migratedFailed, os: 'linux', language: 'ruby', state: 'failed' }] })
    this.build({ id: b.billingFailed, repo: billing, number: 2, state: 'failed', previousState: 'passed', createdBy: alice.id, agoMs: 6 * HOUR,
      jobs: [{ id: j.billingFailed, os: 'linux', language: 'ruby', state: 'failed' }] })
    this.build({ id: b.carolPassed, repo: carolTools, number: 1, state: 'passed', previousState: null, createdBy: carol.id, agoMs: 70 * HOUR,
      jobs: [{ id: j.carolPassed, os: 'linux', language: 'go', state: 'passed' }] })
    this.build({ id: b.bobSecretFailed, repo: bobSecret, number: 1, state: 'failed', previousState: null, createdBy: bob.id, agoMs: 3 * HOUR,
      jobs: [{ id: j.bobSecretFailed, os: 'linux', language: 'ruby', state: 'failed' }] })

    this.bulk()
    return this.store
  }

  private bulk(): void {
    const owner = this.store.userByLogin(this.options.bulkOwner)
    if (!owner) throw new Error(`seed: unknown bulk owner ${this.options.bulkOwner}`)
    const languages = ['Ruby', 'JavaScript', 'Go', 'Python', null]
    for (let i = 1; i <= this.options.bulkRepoCount; i++) {
      const id = SEED.bulk.firstRepoId + i - 1
      this.repo(id, 'user', owner.id, `${SEED.bulk.namePrefix}${String(i).padStart(4, '0')}`, {
        private: i % 3 === 0,
        active: i % 7 !== 0,
        managedByInstallation: id % 2 === 0,
        githubLanguage: languages[i % languages.length] ?? null,
      }, [[owner.id, 'admin']])
    }
  }
}

export function seedStore(options: Partial<SeedOptions> = {}): Store {
  return new Seeder({ ...DEFAULT_SEED_OPTIONS, ...options }).seed()
}
