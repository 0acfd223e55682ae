// The v3 router (travis-api `v3/router.rb`): `.txt` forces text/plain, access control before route
// lookup, the JSON body merged into the parameters, unsafelisted parameters warned about, errors
// rendered as JSON even under text/plain, and `X-Endpoint` naming the service.
import { v3Viewer } from './auth'
import { ApiError, methodNotAllowed, routeNotFound } from './errors'
import { type Reply, jsonReply, textReply, withHeaders } from './http-io'
import type { Flavour } from './model'
import { type Params, ignoredParamWarnings, mergeJsonBody, parseQuery, splitInclude } from './params'
import type { RenderContext } from './render'
import { matchRoute } from './routes'
import type { JobLifecycle, ServiceContext } from './service'
import type { Store } from './store'

export interface V3Request {
  method: string
  scriptName: string
  pathInfo: string
  rawQuery: string
  headers: Record<string, string | undefined>
  body: string
}

export interface V3Deps {
  store: Store
  flavour: Flavour
  mount: string
  lifecycle: JobLifecycle
}

/** Only an Accept of exactly `text/plain` (or a `.txt` path) gets plain text. */
function contentTypeFor(accept: string | undefined): 'application/json' | 'text/plain' {
  return accept === 'text/plain' ? 'text/plain' : 'application/json'
}

function home(req: V3Request): Reply {
  return jsonReply(200, {
    '@type': 'home',
    '@href': `${req.scriptName}/`,
    config: { host: 'travis-ci.com', github: { api_url: 'https://api.github.com', scopes: ['read:org', 'user:email', 'repo_deployment', 'repo:status', 'write:repo_hook'] } },
    errors: {},
    resources: {},
  })
}

function filterParams(params: Params, safelist: readonly string[]): Params {
  const allowed = new Set(['include', '@type', ...safelist])
  return new Map([...params].filter(([key]) => allowed.has(key)))
}

export async function handleV3(req: V3Request, deps: V3Deps): Promise<Reply> {
  if (req.pathInfo === '/') return home(req)
  // travis-api tests /.txt$/ (any character before "txt") and then overwrites Accept.
  const accept = /.txt$/.test(req.pathInfo) ? 'text/plain' : req.headers.accept
  const contentType = contentTypeFor(accept ?? 'application/json')
  let endpoint: string | undefined
  try {
    const query = parseQuery(req.rawQuery)
    const viewer = v3Viewer(deps.store, req.headers.authorization, query)
    const params = mergeJsonBody(query, req.headers['content-type'], req.body)
    const match = matchRoute(req.method, req.pathInfo)
    if (match.kind === 'none') throw routeNotFound()
    if (match.kind === 'wrong_method') throw methodNotAllowed()
    const { service, captures } = match
    endpoint = `Travis::API::V3::Services::${service.name}`
    const render: RenderContext = {
      store: deps.store,
      viewer,
      prefix: req.scriptName,
      include: splitInclude(params),
      flavour: deps.flavour,
    }
    const ctx: ServiceContext = {
      method: req.method,
      store: deps.store,
      viewer,
      params: filterParams(params, service.params),
      captures,
      render,
      location: req.scriptName + req.pathInfo + (req.rawQuery === '' ? '' : `?${req.rawQuery}`),
      flavour: deps.flavour,
      mount: deps.mount,
      accept: contentType,
      lifecycle: deps.lifecycle,
    }
    const result = await service.run(ctx)
    const headers = { 'X-Endpoint': endpoint }
    if ('text' in result.body && typeof result.body.text === 'string') {
      return withHeaders(textReply(result.status, result.body.text, contentType), headers)
    }
    const warnings = [...(result.warnings ?? []), ...ignoredParamWarnings(params, service.params)]
    const payload = warnings.length > 0 ? { '@warnings': warnings, ...result.body } : result.body
    return withHeaders(jsonReply(result.status, payload, contentType), headers)
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    const reply = jsonReply(error.status, error.body(), contentType)
    return endpoint === undefined ? reply : withHeaders(reply, { 'X-Endpoint': endpoint })
  }
}
