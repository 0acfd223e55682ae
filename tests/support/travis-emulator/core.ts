// One emulator's state and machinery, independent of the HTTP server around it.
import { JobLives, type TimelineOptions } from './debug-life'
import type { DebugScript } from './debug-script'
import { Faults } from './faults'
import { LiveServer, type LivePart } from './live'
import type { Flavour } from './model'
import { DEFAULT_RATE_LIMIT, type RateLimitOptions, RateLimiter } from './rate-limit'
import { RequestLog } from './request-log'
import { type SeedOptions, seedStore } from './seed'
import type { Store } from './store'

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string
  seed?: Partial<SeedOptions>
  /** 'org' enables the .org-only behaviours (repo_migrated, read-only owners); 'enterprise'
   *  mounts the API under /api, always adds `log.token` to raw log hrefs and turns rate
   *  limiting off. */
  flavour?: Flavour
  /** Where the API is mounted; defaults to '/api' on Enterprise, '' otherwise. */
  mount?: string
  timeline?: Partial<TimelineOptions>
  rateLimit?: Partial<RateLimitOptions>
  /** The debug script every job uses unless the test scripts that job. */
  debugScript?: DebugScript
}

export const DEFAULT_TIMELINE: TimelineOptions = { stepMs: 150, dotEveryMs: 2_000 }

export class EmulatorCore {
  readonly flavour: Flavour
  readonly mount: string
  readonly faults = new Faults()
  readonly requests = new RequestLog()
  readonly rateLimiter: RateLimiter
  /** The live channel (Pusher) every new log part is published on. */
  readonly live = new LiveServer()
  store: Store
  lives: JobLives

  constructor(private readonly options: EmulatorOptions) {
    this.flavour = options.flavour ?? 'com'
    this.mount = options.mount ?? (this.flavour === 'enterprise' ? '/api' : '')
    this.rateLimiter = new RateLimiter({
      ...DEFAULT_RATE_LIMIT,
      // rack-attack is not installed on Enterprise.
      enabled: this.flavour !== 'enterprise',
      ...options.rateLimit,
    })
    this.store = seedStore(options.seed)
    this.lives = this.makeLives()
  }

  private makeLives(): JobLives {
    const lives = new JobLives(this.store, { ...DEFAULT_TIMELINE, ...this.options.timeline })
    if (this.options.debugScript) lives.setDefaultScript(this.options.debugScript)
    lives.events.on('log-part', (jobId: number, part: LivePart) => {
      const job = this.store.jobs.get(jobId)
      const repo = job && this.store.repos.get(job.repoId)
      if (repo) this.live.publish(jobId, repo.private, part)
    })
    return lives
  }

  /** Back to the freshly seeded world: records, faults, request log, scripts, counters, bans. */
  reset(): void {
    this.lives.stopAll()
    this.store = seedStore(this.options.seed)
    this.lives = this.makeLives()
    this.faults.clear()
    this.requests.clear()
    this.rateLimiter.reset()
    this.live.reset()
  }

  close(): void {
    this.lives.stopAll()
    this.live.close()
  }
}
