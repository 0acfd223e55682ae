/**
 * The Help menu's two addresses, taken from package.json (`homepage`, `bugs`, `repository`) so they
 * follow the project wherever it lives; an address that is not https is not offered.
 */
export interface ProjectLinks {
  readonly readme?: string
  readonly issues?: string
}

export function projectLinks(pkg: Readonly<Record<string, unknown>>): ProjectLinks {
  const repository = repositoryUrl(pkg.repository)
  const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : urlField(pkg.bugs)
  return {
    readme: httpsUrl(typeof pkg.homepage === 'string' ? pkg.homepage : undefined) ?? (repository && `${repository}#readme`),
    issues: httpsUrl(bugs) ?? (repository && `${repository}/issues`),
  }
}

function urlField(value: unknown): string | undefined {
  const url = typeof value === 'object' && value !== null ? (value as { url?: unknown }).url : undefined
  return typeof url === 'string' ? url : undefined
}

/** npm's `git+https://host/owner/repo.git` and `github:owner/repo` forms -> the web page of the repository. */
function repositoryUrl(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value : urlField(value)
  if (!raw) return undefined
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw)
  const web = shorthand ? `https://github.com/${shorthand[1]}` : raw.replace(/^git\+/, '').replace(/\.git$/, '')
  return httpsUrl(web)?.replace(/\/$/, '')
}

function httpsUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  try {
    const url = new URL(raw)
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.toString() : undefined
  } catch {
    return undefined
  }
}

/** What a problem report says about the app and the system: versions only. */
export interface ReportContext {
  readonly appVersion: string
  readonly electronVersion: string
  readonly chromeVersion: string
  readonly platform: string
  readonly osRelease: string
  readonly arch: string
}

/**
 * The issue tracker's "new issue" page with the versions filled in. Only the fields above go in, and
 * each only if it looks like a version or a platform name: the address ends up in the browser's
 * history and the tracker's logs, so nothing from the user's data, paths or environment may ride along.
 */
export function reportProblemUrl(issuesUrl: string, context: ReportContext): string {
  const clean = (value: string): string => (/^[\w.+-]{1,64}$/.test(value) ? value : 'unknown')
  const body = [
    '**What happened**',
    '',
    '',
    '**What you expected**',
    '',
    '',
    '---',
    `Shipmate ${clean(context.appVersion)} (Electron ${clean(context.electronVersion)}, Chromium ${clean(context.chromeVersion)})`,
    `OS: ${clean(context.platform)} ${clean(context.osRelease)} ${clean(context.arch)}`,
  ].join('\n')
  const url = new URL(issuesUrl)
  if (url.hostname === 'github.com' && /^\/[^/]+\/[^/]+\/issues\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/$/, '')}/new`
  url.search = new URLSearchParams({ body }).toString()
  url.hash = ''
  return url.toString()
}
