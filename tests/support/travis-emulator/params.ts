// Request parameters as v3 sees them: the query string (Rack rules: `+` is a space, the last of
// duplicate keys wins but keeps its first position) merged with a JSON body, which is only read
// when the media type is application/json or text/json. Anything a service does not safelist is
// ignored with a leading `@warnings` entry.
export type Params = Map<string, unknown>

function decode(component: string): string {
  const spaced = component.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

export function parseQuery(query: string): Params {
  const params: Params = new Map()
  for (const pair of query.split(/[&;]/)) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decode(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1))
    if (key !== '') params.set(key, value)
  }
  return params
}

/** Rack's media type: the part before `;`, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(/\s*[;,]\s*/, 1)[0]?.trim().toLowerCase() ?? ''
}

export function isJsonMedia(contentType: string | undefined): boolean {
  const type = mediaType(contentType)
  return type === 'application/json' || type === 'text/json'
}

/** Thrown for a body that claims JSON but is not: v3 lets the parser error through (a 500). */
export class BodyParseError extends Error {}

export function mergeJsonBody(params: Params, contentType: string | undefined, body: string): Params {
  if (!isJsonMedia(contentType) || body.trim() === '') return params
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new BodyParseError('unparsable JSON body')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return params
  const merged: Params = new Map(params)
  for (const [key, value] of Object.entries(parsed)) merged.set(key, value)
  return merged
}

export function stringParam(params: Params, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = params.get(key)
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  }
  return undefined
}

/** Travis's `bool`: the string "false" is false, anything else present is true. */
export function boolParam(params: Params, ...keys: string[]): boolean | undefined {
  for (const key of keys) {
    if (!params.has(key)) continue
    const value = params.get(key)
    return !(value === 'false' || value === false || value === null)
  }
  return undefined
}

export interface Warning {
  '@type': 'warning'
  message: string
  warning_type: 'ignored_parameter' | 'ignored_value'
  parameter: string
  value?: string
}

export const DEFAULT_SAFELIST = ['include', '@type']

export function ignoredParamWarnings(params: Params, safelist: readonly string[]): Warning[] {
  const allowed = new Set([...DEFAULT_SAFELIST, ...safelist])
  return [...params.keys()]
    .filter((key) => !allowed.has(key))
    .map((key) => ({
      '@type': 'warning',
      message: `query parameter ${key} not safelisted, ignored`,
      warning_type: 'ignored_parameter',
      parameter: key,
    }))
}

/**
 * `include=type.field,...` split as Ruby splits it (trailing empty fields dropped). The format is
 * checked only when a model is rendered, so a 404 never complains about it.
 */
export function splitInclude(params: Params): string[] {
  const raw = stringParam(params, 'include')
  if (raw === undefined || raw === '') return []
  const entries = raw.split(',')
  while (entries.at(-1) === '') entries.pop()
  return entries
}
