// The v3 envelope: `@type`, `@href`, `@representation`, `@permissions` on
// non-minimal renderings, nested objects minimal, an object already rendered higher up the same
// tree reduced to `{"@href"}`, and `include=type.field` adding fields (standard) or failing.
import { wrongParams } from './errors'
import type { Flavour } from './model'
import type { Viewer } from './permissions'
import type { Store } from './store'

export type Representation = 'minimal' | 'standard' | 'list'

export interface RenderContext {
  store: Store
  viewer: Viewer
  /** Script name carried by generated hrefs: '', '/v3', '/api' or '/api/v3'. */
  prefix: string
  include: readonly string[]
  flavour: Flavour
}

export interface ModelDef<M extends object> {
  type: string
  href(model: M, prefix: string): string | undefined
  representations: Partial<Record<Representation, readonly string[]>>
  /** Fields `include=` may add besides those of the representations. */
  extra: readonly string[]
  permissions?(model: M, ctx: RenderContext): Record<string, boolean>
  field(model: M, name: string, ctx: RenderContext): unknown
}

/** A nested model value; rendered minimal unless included (or forced). */
export class Nested<M extends object> {
  constructor(
    readonly def: ModelDef<M>,
    readonly model: M,
    readonly forcedMode?: Representation,
  ) {}
}

export function nest<M extends object>(def: ModelDef<M>, model: M | undefined, forcedMode?: Representation): Nested<M> | null {
  return model === undefined ? null : new Nested(def, model, forcedMode)
}

const REDUNDANT = Symbol('redundant')

const availableCache = new WeakMap<object, Set<string>>()

function available<M extends object>(def: ModelDef<M>): Set<string> {
  const cached = availableCache.get(def)
  if (cached) return cached
  const names = new Set<string>(def.extra)
  for (const fields of Object.values(def.representations)) for (const f of fields ?? []) names.add(f)
  availableCache.set(def, names)
  return names
}

function renderValue(value: unknown, ctx: RenderContext, included: readonly object[], mode: Representation | undefined): unknown {
  if (value instanceof Nested) {
    return renderModel(value.def, value.model, value.forcedMode ?? mode ?? 'minimal', ctx, { included })
  }
  if (Array.isArray(value)) {
    return value.map((entry) => renderValue(entry, ctx, included, mode)).filter((v) => v !== REDUNDANT)
  }
  return value
}

export interface RenderOptions {
  included?: readonly object[]
}

export function renderModel<M extends object>(
  def: ModelDef<M>,
  model: M,
  representation: Representation,
  ctx: RenderContext,
  options: RenderOptions = {},
): Record<string, unknown> | typeof REDUNDANT {
  const included = options.included ?? []
  const href = def.href(model, ctx.prefix)
  if (included.includes(model)) return href === undefined ? REDUNDANT : { '@href': href }

  const result: Record<string, unknown> = { '@type': def.type }
  if (href !== undefined) result['@href'] = href
  result['@representation'] = representation
  if (def.permissions && (representation !== 'minimal' || ctx.include.includes(`${def.type}.@permissions`))) {
    result['@permissions'] = def.permissions(model, ctx)
  }

  const fields = [...(def.representations[representation] ?? def.representations.minimal ?? [])]
  const modes = new Map<string, Representation>()
  const names = available(def)
  for (const entry of ctx.include) {
    const match = /^(\w+)\.(@?\w+)$/.exec(entry)
    if (!match) throw wrongParams('illegal format for include parameter')
    const prefix = match[1]
    const field = match[2] ?? ''
    if (prefix !== def.type) continue
    if (names.has(field)) {
      if (!fields.includes(field)) fields.push(field)
      modes.set(field, 'standard')
    } else if (!(field in result)) {
      throw wrongParams(`no field "${entry}" to include`)
    }
  }

  const nestedIncluded = [...included, model]
  for (const field of fields) {
    const value = renderValue(def.field(model, field, ctx), ctx, nestedIncluded, modes.get(field))
    if (value !== REDUNDANT) result[field] = value
  }
  return result
}

/**
 * A single model as a whole response. Its `@href` is the model's own (`/v3/user/1` for GET
 * /v3/user); only collections echo the request location.
 */
export function renderTop<M extends object>(
  def: ModelDef<M>,
  model: M,
  representation: Representation,
  ctx: RenderContext,
): Record<string, unknown> {
  const rendered = renderModel(def, model, representation, ctx)
  return rendered === REDUNDANT ? {} : rendered
}

export function renderCollection<M extends object>(
  type: string,
  key: string,
  def: ModelDef<M>,
  list: readonly M[],
  ctx: RenderContext,
  href: string,
  pagination: Record<string, unknown> | undefined,
  entryRepresentation: Representation = 'standard',
): Record<string, unknown> {
  const result: Record<string, unknown> = { '@type': type, '@href': href, '@representation': 'standard' }
  if (pagination) result['@pagination'] = pagination
  // Earlier entries of the same list count as "already rendered" for later ones.
  const included: object[] = []
  result[key] = list.map((entry) => {
    const rendered = renderModel(def, entry, entryRepresentation, ctx, { included: [...included] })
    included.push(entry)
    return rendered === REDUNDANT ? { '@href': def.href(entry, ctx.prefix) } : rendered
  })
  return result
}

/**
 * A minimal job as the accepted and error renderers embed it: they pass no script name, so the
 * href never carries `/v3`.
 */
export function minimalJobRef(jobId: number): Record<string, unknown> {
  return { '@type': 'job', '@href': `/job/${jobId}`, '@representation': 'minimal', id: jobId }
}

/** 202 body of debug/cancel/restart. */
export function renderAccepted(jobId: number, stateChange: string): Record<string, unknown> {
  return {
    '@type': 'pending',
    job: minimalJobRef(jobId),
    state_change: stateChange,
    resource_type: 'job',
  }
}
