// Authentication in two layers, as in travis-api:
// 1. ScopeCheck middleware (in front of v2 and v3): a `token`/`basic` Authorization header (scheme
//    matched case-insensitively) or `?access_token=` naming an unknown token -> plain-text 403
//    `access denied`.
// 2. v3 access control: `?log.token=` wins over any header (log-only access, not logged in);
//    otherwise the scheme must be exactly `token` or `basic`, any other -> JSON 403
//    `wrong_credentials`; surrounding double quotes around a token are stripped.
import { wrongCredentials } from './errors'
import type { UserRecord } from './model'
import type { Params } from './params'
import type { Viewer } from './permissions'
import { logTokenFor } from './seed'
import type { Store } from './store'

/** Ruby's `str.split(" ", 2)`: awk-style, leading whitespace skipped. */
function splitScheme(header: string): { scheme: string | undefined; payload: string | undefined } {
  const trimmed = header.trimStart()
  if (trimmed === '') return { scheme: undefined, payload: undefined }
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed)
  return { scheme: match?.[1], payload: match?.[2] === '' ? undefined : match?.[2] }
}

const stripQuotes = (token: string): string => token.replace(/^"(.+)"$/s, '$1')

function decodeBasic(payload: string): string {
  return Buffer.from(payload, 'base64').toString('utf8')
}

/** The token ScopeCheck validates, if the request names one. */
export function scopeCheckToken(authorization: string | undefined, query: Params): string | undefined {
  const { scheme, payload } = splitScheme(authorization ?? '')
  if (scheme !== undefined && payload !== undefined) {
    const lower = scheme.toLowerCase()
    if (lower === 'basic') return decodeBasic(payload).split(':', 2)[0] ?? ''
    if (lower === 'token') return stripQuotes(payload)
  }
  const accessToken = query.get('access_token')
  return typeof accessToken === 'string' && accessToken !== '' ? accessToken : undefined
}

function userForToken(store: Store, token: string | undefined): UserRecord | undefined {
  return token === undefined ? undefined : store.userByToken(token)
}

/** v3 access control; throws `wrong_credentials`. */
export function v3Viewer(store: Store, authorization: string | undefined, query: Params): Viewer {
  const logToken = query.get('log.token')
  if (typeof logToken === 'string') {
    const job = [...store.jobs.values()].find((j) => logTokenFor(j.id) === logToken)
    return { user: undefined, logTokenJobId: job?.id ?? -1 }
  }
  const { scheme, payload } = splitScheme(authorization ?? '')
  if (scheme === undefined) return { user: undefined, logTokenJobId: undefined }
  let user: UserRecord | undefined
  if (scheme === 'token') user = userForToken(store, payload === undefined ? undefined : stripQuotes(payload))
  else if (scheme === 'basic') user = userForToken(store, payload === undefined ? undefined : decodeBasic(payload).split(':')[0])
  if (!user) throw wrongCredentials()
  return { user, logTokenJobId: undefined }
}
