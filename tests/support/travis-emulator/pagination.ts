// v3 pagination: limit/offset/skip_count parsing with Ruby's Integer() rules, and
// `@pagination` with its links built the way Travis's URL generator builds them.
import { wrongParams } from './errors'
import type { Params } from './params'

export interface PageOptions {
  defaultLimit: number
  maxLimit: number
}

export interface PageMeta {
  limit: number
  offset: number
  count: number
}

const DIGITS: Record<string, RegExp> = {
  '2': /^[01]+(_[01]+)*$/,
  '8': /^[0-7]+(_[0-7]+)*$/,
  '10': /^\d+(_\d+)*$/,
  '16': /^[0-9a-f]+(_[0-9a-f]+)*$/i,
}

/** Ruby's `Integer(string)`: signs, 0x/0b/0o/0d prefixes, a leading 0 means octal, underscores. */
export function parseRubyInteger(input: string): number | null {
  let text = input.trim()
  let sign = 1
  if (text.startsWith('-') || text.startsWith('+')) {
    if (text.startsWith('-')) sign = -1
    text = text.slice(1)
  }
  let radix = 10
  const prefix = text.slice(0, 2).toLowerCase()
  if (prefix === '0x') [radix, text] = [16, text.slice(2)]
  else if (prefix === '0b') [radix, text] = [2, text.slice(2)]
  else if (prefix === '0o') [radix, text] = [8, text.slice(2)]
  else if (prefix === '0d') [radix, text] = [10, text.slice(2)]
  else if (text.length > 1 && text.startsWith('0')) [radix, text] = [8, text.slice(1)]
  const pattern = DIGITS[String(radix)]
  if (!pattern || !pattern.test(text)) return null
  return sign * parseInt(text.replace(/_/g, ''), radix)
}

function integerParam(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value)
  const parsed = typeof value === 'string' ? parseRubyInteger(value) : null
  if (parsed === null) throw wrongParams(`${key} must be an integer`)
  return parsed
}

export function paginate<T>(list: readonly T[], params: Params, options: PageOptions): { page: T[]; meta: PageMeta } {
  let limit = integerParam(params.get('limit'), 'limit') ?? options.defaultLimit
  if (limit < 0) limit = options.defaultLimit
  if (limit > options.maxLimit || limit < 1) limit = options.maxLimit
  let offset = integerParam(params.get('offset'), 'offset') ?? 0
  if (offset < 0) offset = 0
  const page = list.slice(offset, offset + limit)
  let count = list.length
  if (params.get('skip_count') === 'true') {
    // The opt-out of the count query pretends there is one more entry after a full page.
    count = offset + page.length + (page.length === limit ? 1 : 0)
  }
  return { page, meta: { limit, offset, count } }
}

/** Addressable's query encoding: everything but unreserved characters is escaped. */
function encodeUnreserved(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function decodeLoose(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

type LinkBuilder = (offset: number, limit: number) => string

function linkBuilder(href: string): LinkBuilder {
  const mark = href.indexOf('?')
  const path = mark === -1 ? href : href.slice(0, mark)
  const query = mark === -1 ? undefined : href.slice(mark + 1)
  // Only limit/offset in the query: the fast path rebuilds `path?limit=L&offset=O`.
  if (query === undefined || /\?(?:&?(?:limit|offset)=[^=]*)*$/.test(`?${query}`)) {
    return (offset, limit) => `${path}?limit=${limit}&offset=${offset}`
  }
  // Otherwise the query is parsed, merged, sorted by key and re-encoded.
  const values = new Map<string, string>()
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    values.set(decodeLoose(eq === -1 ? pair : pair.slice(0, eq)), eq === -1 ? '' : decodeLoose(pair.slice(eq + 1)))
  }
  return (offset, limit) => {
    const merged = new Map(values)
    merged.set('offset', String(offset))
    merged.set('limit', String(limit))
    const encoded = [...merged.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${encodeUnreserved(k)}=${encodeUnreserved(v)}`)
      .join('&')
    return `${path}?${encoded}`
  }
}

interface Link {
  '@href': string
  offset: number
  limit: number
}

export function paginationInfo(href: string, meta: PageMeta): Record<string, unknown> {
  const { limit, offset, count } = meta
  const build = linkBuilder(href)
  const link = (linkOffset: number, linkLimit = limit): Link => ({
    // A link to the very page being shown reuses the request's own href.
    '@href': linkOffset === offset && linkLimit === limit ? href : build(linkOffset, linkLimit),
    offset: linkOffset,
    limit: linkLimit,
  })
  const isLast = count <= offset + limit
  let prev: Link | null = null
  if (offset !== 0) prev = offset <= limit ? link(0, offset) : link(offset - limit, limit)
  let lastOffset = Math.floor(count / limit) * limit
  if (lastOffset === count) lastOffset -= limit
  return {
    limit,
    offset,
    count,
    is_first: offset === 0,
    is_last: isLast,
    next: isLast ? null : link(offset + limit),
    prev,
    first: link(0),
    last: link(lastOffset),
  }
}
