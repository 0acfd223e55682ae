// The v3 routes the emulator knows. Captures are matched on the raw path, one segment each, and
// then decoded, which is why a slug must arrive as `owner%2Fname`: `/repo/owner/name` has one
// segment too many and matches nothing (404 `resource not found`).
import type { ServiceDef } from './service'
import { jobCancel, jobDebug, jobRestart } from './services-actions'
import { logDelete, logFind } from './services-log'
import {
  buildFind,
  buildsFind,
  jobFind,
  jobsFind,
  repoFind,
  reposForCurrentUser,
  reposForOwner,
  userCurrent,
  userFind,
} from './services-read'

const PROVIDERS = new Set(['github', 'gitlab', 'bitbucket', 'assembla'])

interface RouteDef {
  method: string
  segments: string[]
  service: ServiceDef
}

const table: [string, string, ServiceDef][] = [
  ['GET', '/user', userCurrent],
  ['GET', '/user/{id}', userFind],
  ['GET', '/repos', reposForCurrentUser],
  ['GET', '/owner/github_id/{githubId}/repos', reposForOwner],
  ['GET', '/owner/{login}/repos', reposForOwner],
  ['GET', '/owner/{provider}/{login}/repos', reposForOwner],
  ['GET', '/repo/{repo}', repoFind],
  ['GET', '/repo/{provider}/{repo}', repoFind],
  ['GET', '/repo/{repo}/builds', buildsFind],
  ['GET', '/repo/{provider}/{repo}/builds', buildsFind],
  ['GET', '/build/{id}', buildFind],
  ['GET', '/build/{id}/jobs', jobsFind],
  ['GET', '/job/{id}', jobFind],
  ['GET', '/job/{id}/log', logFind],
  ['GET', '/job/{id}/log.txt', logFind],
  ['DELETE', '/job/{id}/log', logDelete],
  ['DELETE', '/job/{id}/log.txt', logDelete],
  ['POST', '/job/{id}/debug', jobDebug],
  ['POST', '/job/{id}/cancel', jobCancel],
  ['POST', '/job/{id}/restart', jobRestart],
]

const ROUTES: RouteDef[] = table.map(([method, pattern, service]) => ({
  method,
  segments: pattern.split('/').slice(1),
  service,
}))

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined
  const captures: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] ?? ''
    const raw = path[i] ?? ''
    const capture = /^\{(\w+)\}$/.exec(want)
    if (!capture) {
      if (want !== raw) return undefined
      continue
    }
    if (raw === '') return undefined
    const name = capture[1] ?? ''
    const value = decodeSegment(raw)
    if (name === 'provider' && !PROVIDERS.has(value.toLowerCase())) return undefined
    captures[name] = value
  }
  return captures
}

export type RouteMatch =
  | { kind: 'found'; service: ServiceDef; captures: Record<string, string> }
  | { kind: 'wrong_method' }
  | { kind: 'none' }

export function matchRoute(method: string, pathInfo: string): RouteMatch {
  const path = pathInfo.split('/').slice(1)
  let wrongMethod = false
  for (const route of ROUTES) {
    const captures = matchSegments(route.segments, path)
    if (!captures) continue
    if (route.method === method) return { kind: 'found', service: route.service, captures }
    wrongMethod = true
  }
  return wrongMethod ? { kind: 'wrong_method' } : { kind: 'none' }
}
