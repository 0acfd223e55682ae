import { z } from 'zod'

/**
 * Where Travis's live channel is: Travis streams running jobs' logs over Pusher, and its API
 * announces the Pusher application key and host in `GET /config` (a route of the legacy API, so it
 * is asked for without `Travis-API-Version: 3`): `{"config": {"pusher": {"key", "host", "port",
 * "scheme", "path", "private", "secure"}}}`. travis-api copies only those keys of its Pusher
 * settings, so any of them may be missing; without a key there is no live channel.
 */
export interface LiveConfig {
  key: string
  /** Undefined: Pusher's own hosted service. */
  host: string | undefined
  port: number | undefined
  tls: boolean
  /** With a leading slash, or '' */
  path: string
  /** Every channel is private (`private-job-{id}`), whatever the repository. */
  privateChannels: boolean
}

const pusherSettings = z.object({
  key: z.string().optional(),
  host: z.string().optional(),
  port: z.union([z.int().min(1).max(65_535), z.string().regex(/^\d{1,5}$/)]).optional(),
  scheme: z.string().optional(),
  path: z.string().optional(),
  private: z.boolean().optional(),
  secure: z.boolean().optional(),
})

export const v2Config = z.object({ config: z.object({ pusher: pusherSettings.nullish() }) })

/** The live channel's settings from `/config`, or undefined when Travis announces none. */
export function liveConfigOf(body: z.output<typeof v2Config>): LiveConfig | undefined {
  const pusher = body.config.pusher
  const key = pusher?.key?.trim()
  if (!pusher || !key || !/^[\w-]+$/.test(key)) return undefined
  const scheme = pusher.scheme?.toLowerCase()
  const host = pusher.host?.trim() || undefined
  // A host name only: anything else would let a server point the socket at a URL of its making.
  if (host !== undefined && !/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:]+\]$/.test(host)) return undefined
  const path = (pusher.path ?? '').replace(/^\/+|\/+$/g, '')
  return {
    key,
    host,
    port: pusher.port === undefined ? undefined : Number(pusher.port),
    // Pusher's default is TLS; only a plain scheme turns it off.
    tls: scheme !== 'http' && scheme !== 'ws',
    path: path === '' ? '' : `/${path}`,
    // travis-logs' `secure` setting forces private channels for every job, as `private` tells clients.
    privateChannels: pusher.private === true || pusher.secure === true,
  }
}

/** POST /pusher/auth answers one signature per channel the token may listen to; others are left out. */
export const v2PusherAuth = z.object({ channels: z.record(z.string(), z.string()) })
