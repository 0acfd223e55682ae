// What a v3 service gets and gives back.
import type { Flavour, JobRecord, UserRecord } from './model'
import type { Params, Warning } from './params'
import type { Viewer } from './permissions'
import type { RenderContext } from './render'
import type { Store } from './store'

/** The asynchronous side of the job actions (the hub and the worker, emulated). */
export interface JobLifecycle {
  debug(job: JobRecord, user: UserRecord, quiet: boolean): void
  restart(job: JobRecord, user: UserRecord): void
  cancel(job: JobRecord, user: UserRecord): void
}

export interface ServiceContext {
  method: string
  store: Store
  viewer: Viewer
  params: Params
  /** Decoded path captures, e.g. `id`, `repo`, `login`. */
  captures: Record<string, string>
  render: RenderContext
  /** `@href` of a collection: script name + path + query, as sent. */
  location: string
  flavour: Flavour
  mount: string
  accept: 'application/json' | 'text/plain'
  lifecycle: JobLifecycle
}

export interface ServiceResult {
  status: number
  /** JSON payload, or raw text (a text/plain log). */
  body: Record<string, unknown> | { text: string }
  warnings?: Warning[]
}

export interface PageSpec {
  defaultLimit: number
  maxLimit: number
}

export interface ServiceDef {
  /** `X-Endpoint`: Travis::API::V3::Services::<name>. */
  name: string
  /** Parameters the service reads; anything else earns a warning. */
  params: readonly string[]
  paginate?: PageSpec
  run(ctx: ServiceContext): ServiceResult | Promise<ServiceResult>
}

export function ok(body: Record<string, unknown>, warnings: Warning[] = []): ServiceResult {
  return { status: 200, body, warnings }
}
