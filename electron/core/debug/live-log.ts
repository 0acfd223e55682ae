import Pusher from 'pusher-js'
import type { LiveConfig } from '../travis/live-config'
import type { LogPart } from './log-parts'

/**
 * Travis's live log channel: the job's log parts pushed as they are stored, so the SSH line is seen
 * the moment Travis has it instead of at the next poll. Travis uses Pusher: channel `job-{id}`, or
 * `private-job-{id}` for private repositories (signed by the API's POST /pusher/auth for this
 * socket), event `job:log` with one part, `{"id", "_log", "number", "final"}`.
 *
 * `subscribed` is the only state in which the channel can be trusted; anything else (connecting,
 * refused, dropped, blocked) means "poll". Parts may come out of order or twice: the caller
 * assembles them by number.
 */
export type LiveState = 'connecting' | 'subscribed' | 'down' | 'closed'

export interface LiveChannel {
  readonly state: LiveState
  close(): void
}

export interface LiveOptions {
  config: LiveConfig
  jobId: number
  privateChannel: boolean
  /** The signature for a private channel, from the API; undefined when Travis refuses it. */
  authorize: (socketId: string, channel: string) => Promise<string | undefined>
  onPart: (part: LogPart) => void
  onState: (state: LiveState) => void
  /**
   * How long the channel may stay down before a fresh connection is tried. pusher-js retries a
   * dropped connection within a second by itself, but a refused one only after 15, 30, then 60 s.
   */
  retryMs: number
}

export type LiveConnector = (options: LiveOptions) => LiveChannel

export function liveChannelName(jobId: number, privateChannel: boolean): string {
  return `${privateChannel ? 'private-' : ''}job-${jobId}`
}

/** A `job:log` payload as a part of this job's log, or undefined for anything else. */
export function liveLogPart(data: unknown, jobId: number): LogPart | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  // travis-web accepts the part wrapped as `{"job": {...}}` too.
  const raw = ('job' in data && typeof data.job === 'object' && data.job !== null ? data.job : data) as Record<string, unknown>
  const number = typeof raw.number === 'string' && /^\d+$/.test(raw.number) ? Number(raw.number) : raw.number
  const content = raw._log ?? raw.content
  if (Number(raw.id) !== jobId || typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) return undefined
  if (typeof content !== 'string') return undefined
  return { number, content, final: raw.final === true }
}

/** The live channel through pusher-js (its Node build brings its own WebSocket client). */
export const pusherConnector: LiveConnector = (options) => new PusherChannel(options)

class PusherChannel implements LiveChannel {
  state: LiveState = 'connecting'
  private readonly pusher: Pusher
  /** The next fresh connection, due `retryMs` after the channel went down; none while subscribed. */
  private retry: ReturnType<typeof setTimeout> | undefined
  /** The last subscription was refused (no signature, or the server did not take it). */
  private refused = false

  constructor(private readonly options: LiveOptions) {
    const { config } = options
    this.pusher = new Pusher(config.key, {
      // Used only when Travis names no host: Pusher's hosted service.
      cluster: 'mt1',
      ...(config.host === undefined ? {} : { wsHost: config.host }),
      ...(config.port === undefined ? {} : { wsPort: config.port, wssPort: config.port }),
      wsPath: config.path,
      forceTLS: config.tls,
      // WebSocket only: the HTTP fallbacks would be polling again, through Pusher's servers.
      enabledTransports: ['ws'],
      disableStats: true,
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          options.authorize(socketId, channelName).then(
            (auth) => (auth ? callback(null, { auth }) : callback(new Error('Travis did not authorise the live channel'), null)),
            () => callback(new Error('Travis did not answer the live channel authorisation'), null),
          )
        },
      },
    })
    const channel = this.pusher.subscribe(liveChannelName(options.jobId, options.privateChannel))
    channel.bind('pusher:subscription_succeeded', () => {
      this.refused = false
      this.set('subscribed')
    })
    channel.bind('pusher:subscription_error', () => {
      this.refused = true
      this.set('down')
    })
    channel.bind('job:log', (data: unknown) => {
      const part = liveLogPart(data, options.jobId)
      if (part && this.state !== 'closed') options.onPart(part)
    })
    this.pusher.connection.bind('state_change', (change: { current: string }) => {
      if (change.current !== 'connected') this.set('down')
    })
    // A `pusher:error` (a signature the server refused) leaves the subscription hanging: not live.
    this.pusher.connection.bind('error', () => {
      if (this.state === 'subscribed') return
      this.refused = true
      this.set('down')
    })
    // Not live until subscribed: a first connection that never gets there is retried too.
    this.scheduleRetry()
  }

  close(): void {
    if (this.state === 'closed') return
    clearTimeout(this.retry)
    this.state = 'closed'
    this.pusher.disconnect()
  }

  private scheduleRetry(): void {
    clearTimeout(this.retry)
    this.retry = setTimeout(() => this.retryIfDown(), this.options.retryMs)
    this.retry.unref?.()
  }

  /** A connection that is up with its subscription on the way is left to finish, and looked at again later. */
  private retryIfDown(): void {
    if (this.state === 'subscribed' || this.state === 'closed') return
    if (this.pusher.connection.state !== 'connected' || this.refused) {
      this.refused = false
      this.pusher.disconnect()
      this.pusher.connect()
    }
    this.scheduleRetry()
  }

  private set(state: LiveState): void {
    if (this.state === 'closed' || this.state === state) return
    if (state === 'subscribed') clearTimeout(this.retry)
    else this.scheduleRetry()
    this.state = state
    this.options.onState(state)
  }
}
