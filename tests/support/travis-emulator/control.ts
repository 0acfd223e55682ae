// The test-facing control surface (`emu.control`); the HTTP control routes map onto it 1:1.
import type { EmulatorCore } from './core'
import type { LifeInfo, LifePhase, TimelineOptions } from './debug-life'
import type { DebugScript } from './debug-script'
import type { LiveSettings, LiveStats } from './live'
import type { ActiveFault, FaultSpec } from './faults'
import type { JobState, RepoRole, UserRecord } from './model'
import type { RateLimitOptions } from './rate-limit'
import type { RequestFilter, RequestLogEntry } from './request-log'
import { refreshBuild } from './build-state'
import { FINISHED_STATES } from './model'
import type { Store } from './store'

export interface NewUser {
  login: string
  name?: string
  /** Defaults to a generated one. */
  token?: string
  /** Roles on existing repositories, by slug. */
  repos?: { slug: string; role: RepoRole }[]
}

export interface JobInfo {
  id: number
  state: JobState
  restartedAt: number | null
  debugOptions: unknown
  /** Number of log parts, or null when the log record does not exist. */
  logParts: number | null
  life: LifeInfo | undefined
}

export interface EmulatorControl {
  /** The live records, for arrangements the helpers below do not cover. */
  readonly store: Store
  addFault(spec: FaultSpec): string
  removeFault(id: string): void
  clearFaults(): void
  faults(): ActiveFault[]
  requests(filter?: RequestFilter): RequestLogEntry[]
  clearRequests(): void
  addUser(user: NewUser): { id: number; login: string; token: string }
  addToken(login: string, token?: string): string
  /** The token stops working at once: the next request gets the plain-text 403. */
  revokeToken(token: string): boolean
  grantRepo(login: string, slug: string, role: RepoRole | null): void
  /** Script the debug life of one job (or clear it with undefined). */
  scriptDebug(jobId: number, script?: DebugScript): void
  setDefaultDebugScript(script: DebugScript): void
  setTimeline(options: Partial<TimelineOptions>): void
  /** Stop the job's timeline whenever it reaches one of these phases (until `release`). */
  holdAt(jobId: number, phases: LifePhase[]): void
  /** Let a held timeline continue; false when it is not held. */
  release(jobId: number): boolean
  endDebugSession(jobId: number): boolean
  /** Adds a log part (e.g. session output echoed in non-quiet mode). */
  appendLog(jobId: number, text: string): void
  /** Put a job (and its build) in a state directly, without any timeline. */
  setJobState(jobId: number, state: JobState): void
  jobInfo(jobId: number): JobInfo | undefined
  waitForPhase(jobId: number, phase: LifePhase, timeoutMs?: number): Promise<void>
  /** The live channel: refuse upgrades, hide the key from /config, or deliver parts out of order or twice. */
  setLive(settings: Partial<LiveSettings>): void
  /** Ends every open live connection abruptly; clients may connect again at once. */
  dropLive(): void
  liveStats(): LiveStats
  setRateLimit(options: Partial<RateLimitOptions>): void
  /** Forget request counters and bans. */
  resetRateLimit(): void
  /** Reseed everything and clear faults, requests, scripts, counters and bans. */
  reset(): void
}

let generated = 0

function newToken(login: string): string {
  generated += 1
  return `${login}Tok${Date.now().toString(36)}${generated.toString(36)}`
}

function requireUser(store: Store, login: string): UserRecord {
  const user = store.userByLogin(login)
  if (!user) throw new Error(`no user ${login}`)
  return user
}

export function makeControl(core: EmulatorCore): EmulatorControl {
  const grantRepo = (login: string, slug: string, role: RepoRole | null): void => {
    const user = requireUser(core.store, login)
    const repo = core.store.repoBySlug(slug)
    if (!repo) throw new Error(`no repository ${slug}`)
    if (role) repo.roles.set(user.id, role)
    else repo.roles.delete(user.id)
  }
  return {
    get store() {
      return core.store
    },
    addFault: (spec) => core.faults.add(spec),
    removeFault: (id) => core.faults.remove(id),
    clearFaults: () => core.faults.clear(),
    faults: () => core.faults.list(),
    requests: (filter) => core.requests.list(filter),
    clearRequests: () => core.requests.clear(),
    addUser(input) {
      if (core.store.userByLogin(input.login)) throw new Error(`user ${input.login} exists`)
      const id = core.store.allocateUserId()
      core.store.users.set(id, {
        id,
        login: input.login,
        name: input.name ?? input.login,
        email: `${input.login}@example.com`,
        githubId: 5_000_000 + id,
        avatarUrl: `https://avatars.githubusercontent.com/u/${5_000_000 + id}?v=4`,
        roMode: false,
        createdAt: Date.now(),
      })
      const token = input.token ?? newToken(input.login)
      core.store.tokens.set(token, id)
      for (const grant of input.repos ?? []) grantRepo(input.login, grant.slug, grant.role)
      return { id, login: input.login, token }
    },
    addToken(login, token) {
      const user = requireUser(core.store, login)
      const value = token ?? newToken(login)
      core.store.tokens.set(value, user.id)
      return value
    },
    revokeToken: (token) => core.store.tokens.delete(token),
    grantRepo,
    scriptDebug: (jobId, script) => core.lives.setScript(jobId, script),
    setDefaultDebugScript: (script) => core.lives.setDefaultScript(script),
    setTimeline: (options) => core.lives.setTimeline(options),
    holdAt: (jobId, phases) => core.lives.holdAt(jobId, phases),
    release: (jobId) => core.lives.release(jobId),
    endDebugSession: (jobId) => core.lives.endDebugSession(jobId),
    appendLog: (jobId, text) => core.lives.appendLog(jobId, text),
    setJobState(jobId, state) {
      const job = core.store.jobs.get(jobId)
      if (!job) throw new Error(`no job ${jobId}`)
      const now = Date.now()
      job.state = state
      job.updatedAt = now
      job.finishedAt = FINISHED_STATES.includes(state) ? now : null
      const build = core.store.builds.get(job.buildId)
      if (build) refreshBuild(build, core.store.jobsOf(build), now)
    },
    jobInfo(jobId) {
      const job = core.store.jobs.get(jobId)
      if (!job) return undefined
      const log = core.store.logs.get(jobId)
      return {
        id: job.id,
        state: job.state,
        restartedAt: job.restartedAt,
        debugOptions: job.debugOptions,
        logParts: log ? log.parts.length : null,
        life: core.lives.info(jobId),
      }
    },
    waitForPhase: (jobId, phase, timeoutMs) => core.lives.waitForPhase(jobId, phase, timeoutMs),
    setLive: (settings) => core.live.configure(settings),
    dropLive: () => core.live.drop(),
    liveStats: () => core.live.stats(),
    setRateLimit: (options) => core.rateLimiter.configure(options),
    resetRateLimit: () => core.rateLimiter.reset(),
    reset: () => core.reset(),
  }
}
