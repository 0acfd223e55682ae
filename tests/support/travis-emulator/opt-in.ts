// Which stack answers (travis-api `v3/opt_in.rb`): the `/v3/` prefix, an Accept containing
// `application/vnd.travis-ci.3+`, or `Travis-API-Version: 3` exactly. Anything else is v2.

export type Routing =
  | { stack: 'v3'; scriptName: string; pathInfo: string }
  | { stack: 'v2'; pathInfo: string }
  | { stack: 'redirect'; location: string }
  | { stack: 'outside' }

export function route(
  path: string,
  headers: { accept?: string | undefined; version?: string | undefined },
  mount: string,
): Routing {
  if (mount !== '' && path !== mount && !path.startsWith(`${mount}/`)) return { stack: 'outside' }
  const relative = path.slice(mount.length) || '/'
  if (relative === '/v3') return { stack: 'redirect', location: `${mount}/v3/` }
  if (relative.startsWith('/v3/')) return { stack: 'v3', scriptName: `${mount}/v3`, pathInfo: relative.slice(3) }
  if (headers.accept?.includes('application/vnd.travis-ci.3+')) return { stack: 'v3', scriptName: mount, pathInfo: relative }
  if (headers.version === '3') return { stack: 'v3', scriptName: mount, pathInfo: relative }
  return { stack: 'v2', pathInfo: relative }
}
