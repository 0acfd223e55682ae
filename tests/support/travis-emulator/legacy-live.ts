// The two legacy (non-v3) endpoints a live-log client needs, as travis-api's Sinatra app answers
// them:
// - GET /config: the client settings, among them the Pusher key and host (`pusher` is travis-api's
//   pusher settings sliced to scheme, host, port, path, key, secure, private).
// - POST /pusher/auth (scope `private`): `{"socket_id", "channels": [...]}` in, `{"channels":
//   {name: signature}}` out, one entry per channel the user may see; others are left out, not
//   refused. No token: 401 `no access token supplied`; a missing `channels` list is an uncaught
//   error (500). A bad token never gets here: ScopeCheck answers 403 first.
import type { Reply } from './http-io'
import { textReply } from './http-io'
import { PLAIN } from './errors'
import type { LiveServer } from './live'
import { liveSignature } from './live'
import type { UserRecord } from './model'
import { type Params, isJsonMedia, mergeJsonBody, parseQuery } from './params'
import { repoVisible } from './permissions'
import type { Store } from './store'
import { reply } from './v2'

const PRIVATE_CHANNEL = /^private-(\w+)-(\d+)\.?\w*/

export interface LegacyLiveContext {
  store: Store
  live: LiveServer
  user: UserRecord | undefined
  /** Where the emulator listens, for the Pusher host it announces. */
  host: string
  port: number
}

/** The reply for `/config` or `/pusher/auth` on the legacy stack; undefined for any other route. */
export function handleLegacyLive(method: string, pathInfo: string, contentType: string | undefined, body: string, ctx: LegacyLiveContext): Reply | undefined {
  if (method === 'GET' && pathInfo === '/config') {
    return reply(200, {
      config: {
        host: 'travis-ci.com',
        shorten_host: 'trvs.io',
        assets: { host: 'travis-ci.com', version: 'emulator', interval: 15 },
        pusher: ctx.live.config(ctx.host, ctx.port),
        github: { api_url: 'https://api.github.com', scopes: ['read:org', 'user:email', 'repo_deployment', 'repo:status', 'write:repo_hook'] },
        notifications: { webhook: { public_key: null } },
      },
    })
  }
  if (method === 'POST' && pathInfo === '/pusher/auth') return pusherAuth(contentType, body, ctx)
  return undefined
}

function pusherAuth(contentType: string | undefined, body: string, ctx: LegacyLiveContext): Reply {
  if (!ctx.user) return textReply(401, 'no access token supplied', 'text/html;charset=utf-8')
  const params = bodyParams(contentType, body)
  const channels = params.get('channels')
  const socketId = params.get('socket_id')
  // travis-api maps over `params[:channels]`, and the Pusher library refuses a malformed socket id:
  // both raise, and the error handler answers with its plain 500.
  if (!Array.isArray(channels) || typeof socketId !== 'string' || !/^\d+\.\d+$/.test(socketId)) return textReply(500, PLAIN.serverError)
  const granted: Record<string, string> = {}
  for (const channel of channels) {
    if (typeof channel === 'string' && mayListen(ctx, channel)) granted[channel] = liveSignature(socketId, channel)
  }
  return reply(200, { channels: granted })
}

function mayListen(ctx: LegacyLiveContext, channel: string): boolean {
  const match = PRIVATE_CHANNEL.exec(channel)
  if (!match || !ctx.user) return false
  const id = Number(match[2])
  switch (match[1]) {
    case 'user':
      return ctx.user.id === id
    case 'repo': {
      const repo = ctx.store.repos.get(id)
      return repo !== undefined && repo.roles.has(ctx.user.id)
    }
    case 'job': {
      const job = ctx.store.jobs.get(id)
      const repo = job && ctx.store.repos.get(job.repoId)
      return repo !== undefined && repoVisible(repo, { user: ctx.user, logTokenJobId: undefined })
    }
    default:
      return false
  }
}

/**
 * Sinatra's params: a JSON body (through travis-api's JSON body parser) or a form body. A body that
 * claims JSON but is not throws, which the server answers with the same plain 500.
 */
function bodyParams(contentType: string | undefined, body: string): Params {
  if (isJsonMedia(contentType)) return mergeJsonBody(new Map(), contentType, body)
  // Rack's `channels[]=a&channels[]=b`.
  const form = parseQuery(body)
  const list = [...new URLSearchParams(body).entries()].filter(([key]) => key === 'channels[]').map(([, value]) => value)
  if (list.length > 0) form.set('channels', list)
  return form
}
