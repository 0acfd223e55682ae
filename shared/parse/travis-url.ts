/**
 * A pasted Travis CI page address, resolved to the build or job it shows and the API that serves it.
 *
 * travis-web's routes (app/router.js) are `/:provider/:owner/:repo/builds/:id` and `…/jobs/:id`,
 * each with an optional `/config` view; its legacy route still accepts the provider-less
 * `/:owner/:repo/builds/:id` that travis-ci.org and the old travis-ci.com used, and the oldest
 * links put the path after `#!`. Providers are travis-web's `urlPrefix` values.
 */

export type TravisSite = 'com' | 'org' | 'enterprise'

export interface TravisTarget {
  readonly ok: true
  readonly kind: 'build' | 'job'
  readonly id: number
  /** `owner/repo` as the address spells it. */
  readonly slug: string
  readonly provider: string
  readonly apiUrl: string
  readonly site: TravisSite
  /** Something the user should know before going on (travis-ci.org no longer runs builds). */
  readonly notice?: string
}

export type TravisUrlResult = TravisTarget | { readonly ok: false; readonly message: string }

export const TRAVIS_COM_API = 'https://api.travis-ci.com'
export const TRAVIS_ORG_API = 'https://api.travis-ci.org'

const PROVIDERS = ['github', 'bitbucket', 'gitlab', 'assembla', 'travisproxy']
const VIEWS = ['config', 'yaml']
const COM_HOSTS = ['app.travis-ci.com', 'travis-ci.com', 'www.travis-ci.com', 'magnum.travis-ci.com']
const ORG_HOSTS = ['travis-ci.org', 'www.travis-ci.org']
const API_HOSTS = ['api.travis-ci.com', 'api.travis-ci.org']

/** The API of travis-ci.com or travis-ci.org for any of their site or API host names, else undefined. */
export function publicTravisApi(hostname: string): string | undefined {
  const host = hostname.toLowerCase()
  return publicSite(API_HOSTS.includes(host) ? host.slice('api.'.length) : host)?.apiUrl
}

const EXAMPLE = 'https://app.travis-ci.com/github/OWNER/REPO/jobs/123456789'
const FORMS =
  'Shipmate understands build and job pages: https://app.travis-ci.com/github/OWNER/REPO/builds/N or …/jobs/N, ' +
  'the older https://travis-ci.com/OWNER/REPO/jobs/N and https://travis-ci.org/OWNER/REPO/jobs/N, ' +
  'and the same pages on a Travis CI Enterprise host whose API endpoint is set up.'

const ORG_NOTICE =
  'travis-ci.org stopped running builds on 15 June 2021, so its jobs cannot be restarted in debug mode. If the repository moved to travis-ci.com, open the job there.'

/**
 * Travis CI page addresses are a few hundred characters at most; the cap keeps a pasted megabyte
 * away from the URL parser, which slows down per character on long input.
 */
const MAX_ADDRESS_CHARS = 2000

/**
 * `enterpriseApis` are the configured Enterprise API endpoints, e.g. `https://travis.example.com/api`;
 * a page on the same host resolves to that endpoint.
 */
export function resolveTravisUrl(input: string, enterpriseApis: readonly string[] = []): TravisUrlResult {
  const trimmed = input.trim()
  if (trimmed.length > MAX_ADDRESS_CHARS) {
    return fail(`This is too long to be the address of a Travis CI page. Paste only the address from the browser, e.g. ${EXAMPLE}.`)
  }
  const text = trimmed.replace(/^<(.*)>$/, '$1')
  if (text === '') return fail(`Paste the address of a Travis CI build or job page, e.g. ${EXAMPLE}.`)
  if (/^\d+$/.test(text)) {
    return fail(
      `A number alone does not say whether it is a build or a job, or which Travis CI it is on. Paste the whole address of the page, e.g. ${EXAMPLE}.`,
    )
  }
  if (/^ssh(\s|:\/\/)/i.test(text)) {
    return fail('This is an SSH command, not a Travis CI address. Paste it in the "Paste an SSH command" box instead.')
  }
  const url = toUrl(text)
  if (!url) return fail(`This is not a web address. ${FORMS}`)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(`This is a ${url.protocol.replace(/:$/, '')}: address, not a Travis CI web page. ${FORMS}`)
  }

  const site = siteFor(url, enterpriseApis)
  if (!site) return fail(unknownHostMessage(url.hostname.toLowerCase()))

  const path = url.pathname === '/' && url.hash.startsWith('#!/') ? url.hash.slice(2) : url.pathname
  let segments: string[]
  try {
    segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent)
  } catch {
    return fail(`The address has a broken %-escape in its path. Copy it again from the browser. ${FORMS}`)
  }
  return resolvePath(segments, site)
}

interface Site {
  readonly site: TravisSite
  readonly apiUrl: string
}

/** travis-ci.com or travis-ci.org by one of their site host names (lower case). */
function publicSite(host: string): Site | undefined {
  if (COM_HOSTS.includes(host)) return { site: 'com', apiUrl: TRAVIS_COM_API }
  if (ORG_HOSTS.includes(host)) return { site: 'org', apiUrl: TRAVIS_ORG_API }
  return undefined
}

function siteFor(url: URL, enterpriseApis: readonly string[]): Site | undefined {
  const host = url.hostname.toLowerCase()
  const known = publicSite(host)
  if (known) return known
  const endpoints = enterpriseApis.flatMap((apiUrl) => {
    const api = toUrl(apiUrl.trim())
    return api ? [{ apiUrl: apiUrl.trim(), api }] : []
  })
  // Same host and port first: two emulators on one machine differ only in their port.
  const match =
    endpoints.find(({ api }) => api.host.toLowerCase() === url.host.toLowerCase()) ??
    endpoints.find(({ api }) => {
      const apiHost = api.hostname.toLowerCase()
      return apiHost === host || apiHost === `api.${host}`
    })
  // The endpoint is returned as configured so callers can compare it with their own list.
  return match && { site: 'enterprise', apiUrl: match.apiUrl }
}

function unknownHostMessage(host: string): string {
  if (API_HOSTS.includes(host)) {
    return `This is an address of the Travis CI API, not of a page. Open the job on the Travis CI website and paste the address from the browser, e.g. ${EXAMPLE}.`
  }
  if (host === 'github.com' || host.endsWith('.github.com')) {
    return `This is a GitHub address. Follow the "Details" link of the Travis CI check to the job page and paste that address, e.g. ${EXAMPLE}.`
  }
  return `${host} is not a Travis CI host. ${FORMS} If ${host} runs Travis CI Enterprise, add its API endpoint (https://${host}/api) first.`
}

function resolvePath(segments: string[], site: Site): TravisUrlResult {
  const isKind = (segment: string | undefined): boolean => segment === 'builds' || segment === 'jobs'
  // After a provider, `builds` or `jobs` comes fourth even when the repository is itself called so.
  const at = isKind(segments[3]) && (PROVIDERS.includes(segments[0] ?? '') || !isKind(segments[2])) ? 3 : isKind(segments[2]) ? 2 : -1
  const withProvider = at === 3 || (at < 0 && PROVIDERS.includes(segments[0] ?? ''))
  const provider = withProvider ? (segments[0] ?? '') : 'github'
  const owner = segments[withProvider ? 1 : 0]
  const repo = segments[withProvider ? 2 : 1]

  if (withProvider && !PROVIDERS.includes(provider)) {
    return fail(`"${provider}" is not a source host Travis CI knows (${PROVIDERS.join(', ')}). ${FORMS}`)
  }
  if (owner === undefined || repo === undefined) {
    return fail(`This address does not point to a repository, build or job. ${FORMS}`)
  }
  const slug = `${owner}/${repo}`
  const pageOf = (what: string): TravisUrlResult =>
    fail(
      `This address shows ${what} of ${slug}, not one build or job. Open the failed job on Travis CI and paste the address from the browser, e.g. ${EXAMPLE}.`,
    )
  if (at < 0) {
    const section = segments[withProvider ? 3 : 2]
    if (section === undefined) return pageOf('the repository page')
    if (section === 'builds') return pageOf('the build history')
    return pageOf(`the ${section.replace(/_/g, ' ')} page`)
  }

  const kind = segments[at] === 'builds' ? 'build' : 'job'
  const idText = segments[at + 1]
  if (idText === undefined) return pageOf(kind === 'build' ? 'the build history' : 'the job list')
  if (!/^\d+$/.test(idText) || Number(idText) < 1 || !Number.isSafeInteger(Number(idText))) {
    return fail(`"${idText}" is not a ${kind} number: Travis CI ${kind} addresses end in digits, e.g. ${EXAMPLE}.`)
  }
  const rest = segments.slice(at + 2)
  if (rest.length > 1 || (rest[0] !== undefined && !VIEWS.includes(rest[0]))) {
    return fail(`The address goes on after the ${kind} number ("/${rest.join('/')}"), which Shipmate does not know. ${FORMS}`)
  }
  const target: TravisTarget = { ok: true, kind, id: Number(idText), slug, provider, apiUrl: site.apiUrl, site: site.site }
  return site.site === 'org' ? { ...target, notice: ORG_NOTICE } : target
}

function toUrl(text: string): URL | undefined {
  // The URL parser takes `host:8080/…` for a scheme; a real scheme is never followed by a digit.
  const hasScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)
  try {
    return new URL(hasScheme ? text : `https://${text}`)
  } catch {
    return undefined
  }
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message }
}
