import { checkHost, checkToken, formatSshCommand } from './ssh-command'
import { resolveTravisUrl } from './travis-url'

/**
 * Links handed to the desktop app from outside: `shipmate://` links (from a web page, a chat, the
 * command line) and Travis CI page addresses (dropped on the window, passed as an argument).
 *
 * Anyone can write such a link, so parsing is strict and nothing here acts: a job link only opens
 * the preflight, an SSH link only fills in the paste flow, and the user still clicks to go on.
 */

export type DeepLink =
  /** `shipmate://job/<api-host>/<job id>`: the job's preflight, on an account for that API host. */
  | { readonly kind: 'job'; readonly apiHost: string; readonly jobId: number }
  /** `shipmate://ssh/<token>@<host>[:port]`: the paste flow with this command filled in. */
  | { readonly kind: 'ssh'; readonly command: string; readonly host: string; readonly port: number }
  /** A Travis CI build or job page, treated as if it had been pasted. */
  | { readonly kind: 'travis-url'; readonly url: string }

export type DeepLinkResult = { readonly ok: true; readonly link: DeepLink } | { readonly ok: false; readonly message: string }

export const SHIPMATE_SCHEME = 'shipmate'

/**
 * Real links are well under a hundred characters (a job link) or a few hundred (a Travis page); the
 * same cap as the Travis URL parser, so an overlong argument never reaches a URL parser.
 */
export const MAX_LINK_CHARS = 2000

const FORMS = 'Shipmate opens shipmate://job/API-HOST/JOB-ID, shipmate://ssh/TOKEN@HOST[:PORT] and Travis CI build or job page addresses.'

/** `enterpriseApis` are the configured Travis CI Enterprise endpoints, as for a pasted address. */
export function parseDeepLink(input: string, enterpriseApis: readonly string[] = []): DeepLinkResult {
  if (input.length > MAX_LINK_CHARS) return fail(`This link is too long to be one Shipmate opens. ${FORMS}`)
  const text = input.trim()
  if (text === '') return fail(`The link is empty. ${FORMS}`)
  // Control characters and spaces have no place in a link and are how a line gets smuggled into a
  // command or a log; anything outside ASCII lets a look-alike host pass for a familiar one.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text)) return fail(`The link contains spaces or control characters. ${FORMS}`)
  if (/[^\u0021-\u007e]/.test(text)) {
    return fail(`The link contains characters outside plain ASCII; write a host name with letters outside ASCII in its xn-- form. ${FORMS}`)
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase()
  if (scheme === SHIPMATE_SCHEME) return parseShipmateLink(text)
  if (scheme === 'http' || scheme === 'https') {
    const travis = resolveTravisUrl(text, enterpriseApis)
    return travis.ok ? { ok: true, link: { kind: 'travis-url', url: text } } : fail(travis.message)
  }
  return fail(scheme ? `Shipmate does not open ${scheme}: links. ${FORMS}` : `This is not a link. ${FORMS}`)
}

function parseShipmateLink(text: string): DeepLinkResult {
  const rest = /^shipmate:\/\/(.*)$/i.exec(text)?.[1]
  if (rest === undefined) return fail(`A Shipmate link starts with shipmate:// . ${FORMS}`)
  if (/[?#]/.test(rest)) return fail(`The link has a query or fragment (? or #), which Shipmate links never have. ${FORMS}`)
  // Some systems add a slash when they hand a custom-scheme link to the app.
  const path = rest.endsWith('/') ? rest.slice(0, -1) : rest
  const slash = path.indexOf('/')
  const kind = (slash < 0 ? path : path.slice(0, slash)).toLowerCase()
  const target = slash < 0 ? '' : path.slice(slash + 1)
  if (kind === 'job') return parseJob(target)
  if (kind === 'ssh') return parseSsh(target)
  return fail(`"shipmate://${kind}" is not a kind of link Shipmate knows. ${FORMS}`)
}

function parseJob(target: string): DeepLinkResult {
  const parts = target.split('/')
  if (parts.length !== 2) return fail('A job link is shipmate://job/API-HOST/JOB-ID, e.g. shipmate://job/api.travis-ci.com/123456789.')
  const [hostText = '', idText = ''] = parts
  if (hostText.includes('%') || idText.includes('%')) return fail('A job link never needs %-escapes; this one may be disguising its host or job.')
  const apiHost = parseHostAndPort(hostText)
  if (typeof apiHost === 'string') return fail(apiHost)
  if (!/^[1-9]\d*$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
    return fail(`"${idText}" is not a job ID: Travis CI job IDs are whole numbers, e.g. shipmate://job/api.travis-ci.com/123456789.`)
  }
  return { ok: true, link: { kind: 'job', apiHost: apiHost.host, jobId: Number(idText) } }
}

function parseSsh(target: string): DeepLinkResult {
  const at = target.lastIndexOf('@')
  if (at < 0) return fail('An SSH link is shipmate://ssh/TOKEN@HOST or shipmate://ssh/TOKEN@HOST:PORT.')
  // tmate tokens may hold `/`, which a link can carry as is or escaped; no other escape is ever needed.
  const tokenText = target.slice(0, at).replace(/%2f/gi, '/')
  const hostText = target.slice(at + 1)
  if (tokenText.includes('%') || hostText.includes('%')) return fail('An SSH link never needs %-escapes other than %2F in the token.')
  if (tokenText.split('/').some((segment) => segment === '.' || segment === '..')) {
    return fail('The token in the SSH link has . or .. parts, which no tmate token has.')
  }
  const tokenProblem = checkToken(tokenText)
  if (tokenProblem) return fail(tokenProblem)
  const hostAndPort = parseHostAndPort(hostText)
  if (typeof hostAndPort === 'string') return fail(hostAndPort)
  const { hostname, port = 22 } = hostAndPort
  return { ok: true, link: { kind: 'ssh', command: formatSshCommand({ token: tokenText, host: hostname, port }), host: hostname, port } }
}

/** `name`, `name:port`, `[v6]` or `[v6]:port` -> the parts and the `host` as URL.host spells it, or a message. */
function parseHostAndPort(text: string): { hostname: string; port?: number; host: string } | string {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*))(?::([^:]*))?$/.exec(text)
  if (!match) return `"${text}" is not a host name, optionally with :PORT.`
  const [, v6, name, portText] = match
  const hostname = (v6 ?? name ?? '').toLowerCase()
  const problem = v6 !== undefined && !v6.includes(':') ? `"${text}" is not an IPv6 address.` : checkHost(hostname, text)
  if (problem) return problem
  if (portText === undefined) return { hostname, host: v6 !== undefined ? `[${hostname}]` : hostname }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return `"${portText}" is not a port: ports are whole numbers from 1 to 65535.`
  }
  const port = Number(portText)
  return { hostname, port, host: `${v6 !== undefined ? `[${hostname}]` : hostname}:${port}` }
}

/**
 * The link in a command line (this launch's or a second launch's): the first argument that is a
 * shipmate: link or a web address. Chromium adds its own switches on a second launch, and a value
 * after --data-dir is a folder, so options and their values are skipped.
 */
export function linkFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--data-dir') {
      i++
      continue
    }
    if (arg.startsWith('-')) continue
    if (/^(shipmate|https?):/i.test(arg)) return arg
  }
  return undefined
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message }
}
