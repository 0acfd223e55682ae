// Travis's rack-attack rules: authenticated requests 2000/min per token,
// unauthenticated 500/min per IP (429 `Retry later\n`), and more than 50 POSTs in 30 s bans the
// client (403 `Forbidden\n` on every request) for an hour. Windows are fixed and aligned to the
// clock, as rack-attack's cache keys are. The 50th POST itself passes and arms the ban.

export interface RateLimitOptions {
  enabled: boolean
  authenticatedLimit: number
  anonymousLimit: number
  periodMs: number
  postBanLimit: number
  postBanPeriodMs: number
  banMs: number
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  enabled: true,
  authenticatedLimit: 2000,
  anonymousLimit: 500,
  periodMs: 60_000,
  postBanLimit: 50,
  postBanPeriodMs: 30_000,
  banMs: 3_600_000,
}

export type RateVerdict = 'ok' | 'banned' | 'throttled'

export class RateLimiter {
  private counters = new Map<string, number>()
  private bans = new Map<string, number>()

  constructor(private options: RateLimitOptions) {}

  configure(options: Partial<RateLimitOptions>): void {
    this.options = { ...this.options, ...options }
    this.counters.clear()
  }

  get settings(): RateLimitOptions {
    return { ...this.options }
  }

  reset(): void {
    this.counters.clear()
    this.bans.clear()
  }

  private count(key: string, periodMs: number, now: number): number {
    // Old windows are never read again; a long-running demo sheds them wholesale.
    if (this.counters.size > 10_000) this.counters.clear()
    const bucket = `${key}:${Math.floor(now / periodMs)}`
    const value = (this.counters.get(bucket) ?? 0) + 1
    this.counters.set(bucket, value)
    return value
  }

  /** `identifier` is the token for authenticated requests, the client IP otherwise. */
  check(identifier: string, authenticated: boolean, isPost: boolean, now = Date.now()): RateVerdict {
    const o = this.options
    if (!o.enabled) return 'ok'
    const bannedUntil = this.bans.get(identifier)
    if (bannedUntil !== undefined && bannedUntil > now) return 'banned'
    if (isPost && this.count(`post:${identifier}`, o.postBanPeriodMs, now) >= o.postBanLimit) {
      this.bans.set(identifier, now + o.banMs)
    }
    const limit = authenticated ? o.authenticatedLimit : o.anonymousLimit
    return this.count(`req:${identifier}`, o.periodMs, now) > limit ? 'throttled' : 'ok'
  }
}
