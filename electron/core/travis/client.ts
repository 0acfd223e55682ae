import type { z } from 'zod'
import { type Backoff, backoffDelay, type Sleep, sleep } from '../timing'
import { TravisError } from './travis-error'
import { errorForResponse, type RequestContext, unexpectedAnswer } from './error-table'
import { type LiveConfig, liveConfigOf, v2Config, v2PusherAuth } from './live-config'
import { v3Build, v3Builds, v3Job, v3Jobs, v3Log, v3Pending, v3Repositories, v3Repository, v3User } from './v3-schemas'
import type { V3Build, V3Job, V3Log, V3Pagination, V3Pending, V3Repository, V3User } from './v3-types'

export interface TravisClientOptions {
  /** The API base: `https://api.travis-ci.com`, `https://HOST/api`, or an emulator's URL. */
  apiUrl: string
  /** Absent for anonymous requests. Never logged, never part of an error. */
  token?: string
  userAgent: string
  fetch?: typeof fetch
  timeoutMs?: number
  /** Tries for a GET on a transient failure; POSTs are never retried (they are not idempotent). */
  tries?: number
  backoff?: Backoff
  sleep?: Sleep
  random?: () => number
  /** Told about every request made, for the API request counts benchmarks report. */
  onRequest?: (method: string, path: string) => void
}

export interface Page<T> {
  items: T[]
  pagination: V3Pagination | undefined
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE'
  body?: unknown
  context?: RequestContext
  signal?: AbortSignal
  accept?: string
  /** A route of the legacy API (`/config`, `/pusher/auth`): no v3 opt-in, no v3 envelope. */
  legacy?: boolean
  /** Sends the token; on by default. */
  authorized?: boolean
}

const DEFAULT_TIMEOUT_MS = 10_000
/**
 * Pages of a long list asked for at once: quick on a slow network, and enough that the server
 * always has the next page to work on while the ones before it are parsed here; 50 pages at 8 at
 * a time stay far inside Travis's rate limit (2,000 requests a minute per token).
 */
export const PAGES_IN_FLIGHT = 8

/** A typed client for the part of Travis API v3 Shipmate uses. */
export class TravisClient {
  readonly apiUrl: string
  readonly host: string
  private readonly options: TravisClientOptions
  private readonly fetchImpl: typeof fetch

  constructor(options: TravisClientOptions) {
    this.options = options
    this.apiUrl = options.apiUrl.replace(/\/+$/, '')
    this.host = new URL(this.apiUrl).host
    this.fetchImpl = options.fetch ?? fetch
  }

  user(signal?: AbortSignal, context: RequestContext = 'read'): Promise<V3User> {
    return this.get('/user', v3User, { signal, context })
  }

  /**
   * Hands on every page of the user's repositories, in order, keeping none of them (a long list is
   * megabytes of JSON; the caller keeps what it needs), and says how many repositories there were.
   * The first page's `@pagination` says how many there are; the rest are fetched a few at a time
   * (each page is a round trip to Travis). Where the links do not have the plain `limit`/`offset`
   * form, it follows `@pagination.next` one by one.
   */
  async eachRepoPage(onPage: (page: Page<V3Repository>) => void, signal?: AbortSignal): Promise<number> {
    const first = await this.repoPage('/repos?limit=100&sort_by=owner_name,name', signal)
    let count = first.items.length
    onPage(first)
    const pagination = first.pagination
    const next = pagination?.next
    if (!pagination || pagination.is_last || !next) return count
    const rest = pageHrefs(next['@href'], next.offset, next.limit, pagination.count)
    if (rest) return count + (await this.pagesInOrder(rest, onPage, signal))
    let path: string | undefined = next['@href']
    while (path) {
      const page: Page<V3Repository> = await this.repoPage(path, signal)
      count += page.items.length
      onPage(page)
      path = page.pagination && !page.pagination.is_last ? (page.pagination.next?.['@href'] ?? undefined) : undefined
    }
    return count
  }

  repo(idOrSlug: number | string, signal?: AbortSignal): Promise<V3Repository> {
    return this.get(`/repo/${repoRef(idOrSlug)}`, v3Repository, { signal })
  }

  async builds(idOrSlug: number | string, offset: number, limit = 25, signal?: AbortSignal): Promise<Page<V3Build>> {
    const body = await this.get(`/repo/${repoRef(idOrSlug)}/builds?limit=${limit}&offset=${offset}`, v3Builds, { signal })
    return { items: body.builds, pagination: body['@pagination'] }
  }

  build(id: number, signal?: AbortSignal): Promise<V3Build> {
    return this.get(`/build/${id}`, v3Build, { signal })
  }

  async buildJobs(buildId: number, signal?: AbortSignal): Promise<V3Job[]> {
    return (await this.get(`/build/${buildId}/jobs?include=job.config`, v3Jobs, { signal })).jobs
  }

  job(id: number, signal?: AbortSignal): Promise<V3Job> {
    return this.get(`/job/${id}?include=job.config`, v3Job, { signal })
  }

  log(jobId: number, signal?: AbortSignal): Promise<V3Log> {
    return this.get(`/job/${jobId}/log`, v3Log, { signal })
  }

  debugJob(jobId: number, quiet: boolean, signal?: AbortSignal): Promise<V3Pending> {
    return this.request(`/job/${jobId}/debug`, v3Pending, { method: 'POST', body: { quiet }, context: 'debug', signal })
  }

  cancelJob(jobId: number, signal?: AbortSignal): Promise<V3Pending> {
    return this.request(`/job/${jobId}/cancel`, v3Pending, { method: 'POST', body: {}, context: 'cancel', signal })
  }

  restartJob(jobId: number, signal?: AbortSignal): Promise<V3Pending> {
    return this.request(`/job/${jobId}/restart`, v3Pending, { method: 'POST', body: {}, context: 'restart', signal })
  }

  deleteLog(jobId: number, signal?: AbortSignal): Promise<V3Log> {
    return this.request(`/job/${jobId}/log`, v3Log, { method: 'DELETE', context: 'delete_log', signal })
  }

  /**
   * Where the live log channel is, from the API's client settings; undefined when Travis announces
   * none. Asked for without the token: the settings are the same for everybody.
   */
  async liveConfig(signal?: AbortSignal): Promise<LiveConfig | undefined> {
    return liveConfigOf(await this.get('/config', v2Config, { signal, legacy: true, authorized: false }))
  }

  /**
   * The signature that lets this socket subscribe to a private live channel (`private-job-{id}`),
   * as travis-web asks for it; undefined when Travis leaves the channel out (the token may not
   * read that job).
   */
  async pusherAuth(socketId: string, channel: string, signal?: AbortSignal): Promise<string | undefined> {
    const body = await this.request('/pusher/auth', v2PusherAuth, {
      method: 'POST',
      body: { socket_id: socketId, channels: [channel] },
      signal,
      legacy: true,
    })
    return body.channels[channel]
  }

  /**
   * Fetches `hrefs` with PAGES_IN_FLIGHT requests always open (a slow page does not hold up the ones
   * after it), hands each page to `onPage` in list order as soon as those before it are in, and
   * says how many items there were. The first failure cancels the requests still open and is what
   * the caller sees.
   */
  private pagesInOrder(hrefs: string[], onPage: (page: Page<V3Repository>) => void, signal?: AbortSignal): Promise<number> {
    const stop = new AbortController()
    const requestSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal
    /** Pages that came in before an earlier one, by index; each is let go once handed on. */
    const waiting = new Map<number, Page<V3Repository>>()
    let started = 0
    let handedOn = 0
    let count = 0
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        if (stop.signal.aborted) return
        stop.abort()
        reject(error)
      }
      const arrived = (index: number, page: Page<V3Repository>) => {
        if (stop.signal.aborted) return
        waiting.set(index, page)
        for (let ready = waiting.get(handedOn); ready; ready = waiting.get(handedOn)) {
          waiting.delete(handedOn)
          handedOn += 1
          count += ready.items.length
          onPage(ready)
        }
        if (handedOn === hrefs.length) resolve(count)
        else if (started < hrefs.length) startNext()
      }
      const startNext = () => {
        const index = started++
        this.repoPage(hrefs[index] as string, requestSignal)
          .then((page) => arrived(index, page))
          .catch(fail)
      }
      for (let slot = 0; slot < Math.min(PAGES_IN_FLIGHT, hrefs.length); slot++) startNext()
    })
  }

  private async repoPage(path: string, signal?: AbortSignal): Promise<Page<V3Repository>> {
    const body = await this.get(path, v3Repositories, { signal })
    return { items: body.repositories, pagination: body['@pagination'] }
  }

  private async get<S extends z.ZodType>(path: string, schema: S, options: Omit<RequestOptions, 'method'>): Promise<z.output<S>> {
    const tries = this.options.tries ?? 3
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request(path, schema, { ...options, method: 'GET' })
      } catch (error) {
        if (!(error instanceof TravisError) || !error.transient || attempt >= tries) throw error
        await this.pause(attempt, options.signal)
      }
    }
  }

  /** Sends one request and checks the answer against `schema`: what is handed on has the shape its type says. */
  private async request<S extends z.ZodType>(path: string, schema: S, options: RequestOptions): Promise<z.output<S>> {
    const method = options.method ?? 'GET'
    const url = this.resolve(path)
    const headers: Record<string, string> = {
      'User-Agent': this.options.userAgent,
      Accept: options.accept ?? 'application/json',
    }
    if (!options.legacy) headers['Travis-API-Version'] = '3'
    if (this.options.token && options.authorized !== false) headers.Authorization = `token ${this.options.token}`
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    this.options.onRequest?.(method, new URL(url).pathname)
    let response: Response
    let text: string
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
        redirect: 'error',
      })
      text = await response.text()
    } catch (error) {
      throw this.transportError(error, options.signal, timeout)
    }
    const contentType = response.headers.get('content-type') ?? ''
    if (!response.ok) {
      throw errorForResponse({ status: response.status, contentType, body: text, host: this.host, context: options.context ?? 'read' })
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new TravisError('bad_response', `${this.host} sent something that is not JSON. Is the API URL right?`, response.status)
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || (!options.legacy && !('@type' in body))) throw this.notV3()
    const checked = schema.safeParse(body, { reportInput: true })
    if (!checked.success) throw unexpectedAnswer(this.host, response.status, checked.error.issues[0])
    return checked.data
  }

  private resolve(path: string): string {
    // `@href`s are absolute paths on the API host; with an Enterprise `/api` base they may or may not
    // carry the prefix, so add it only where it is missing.
    const base = new URL(this.apiUrl)
    const prefix = base.pathname.replace(/\/+$/, '')
    const full = prefix && !path.startsWith(`${prefix}/`) ? `${prefix}${path}` : path
    return `${base.origin}${full}`
  }

  private transportError(error: unknown, userSignal: AbortSignal | undefined, timeout: AbortSignal): TravisError {
    if (userSignal?.aborted) return new TravisError('cancelled', 'The request was cancelled.')
    if (timeout.aborted) {
      return new TravisError('timeout', `${this.host} did not answer within ${(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s.`)
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code
    const why =
      cause === 'ENOTFOUND' || cause === 'EAI_AGAIN'
        ? 'the host name does not resolve'
        : cause === 'ECONNREFUSED'
          ? 'the connection was refused'
          : cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET'
            ? 'the connection dropped'
            : 'the network failed'
    return new TravisError('network', `Could not reach ${this.host}: ${why}. Check your connection and the account's API URL.`)
  }

  private notV3(): TravisError {
    return new TravisError('not_v3', `${this.host} does not answer like Travis API v3. Check the account's API URL.`)
  }

  private async pause(attempt: number, signal?: AbortSignal): Promise<void> {
    const delay = backoffDelay(attempt, this.options.backoff ?? { baseMs: 300, capMs: 3_000 }, this.options.random)
    await (this.options.sleep ?? sleep)(delay, signal)
    if (signal?.aborted) throw new TravisError('cancelled', 'The request was cancelled.')
  }
}

/** Slugs must be URL-encoded as one path segment (`owner%2Fname`); `/repo/owner/name` is a 404. */
export function repoRef(idOrSlug: number | string): string {
  return typeof idOrSlug === 'number' ? String(idOrSlug) : encodeURIComponent(idOrSlug)
}


/**
 * The most pages planned from `@pagination.count`: 100,000 repositories at 100 a page. A count
 * beyond that is not believed (a server could claim any number); the pages are then followed
 * link by link, as many as the server really has.
 */
const MAX_PLANNED_PAGES = 1000

/**
 * The hrefs of every remaining page, made from the `next` link by changing its offset; undefined
 * when the link is not of the plain `…offset=N…` form, or there would be too many, so the caller
 * falls back to following links.
 */
export function pageHrefs(nextHref: string, nextOffset: number, limit: number, count: number): string[] | undefined {
  if (!Number.isInteger(count) || !Number.isInteger(limit) || limit <= 0 || !new RegExp(`[?&]offset=${nextOffset}(&|$)`).test(nextHref)) {
    return undefined
  }
  if ((count - nextOffset) / limit > MAX_PLANNED_PAGES) return undefined
  const hrefs: string[] = []
  for (let offset = nextOffset; offset < count; offset += limit) hrefs.push(nextHref.replace(/([?&]offset=)\d+/, `$1${offset}`))
  return hrefs
}
