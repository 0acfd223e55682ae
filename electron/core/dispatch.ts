import type { RequestArgs, RequestMethod, WireError } from '@shared/api'
import { validateRequest } from '@shared/schemas'
import type { Core } from './create-core'
import { isUserError, toWireError } from './errors'
import type { Logger } from './log'

export type Reply = { ok: true; result: unknown } | { ok: false; error: WireError }

/**
 * What both hosts do with a request from a renderer: validate against the schema (nothing invalid
 * reaches the core), run it, and turn any failure into a message a user can read.
 */
export async function dispatch(core: Core, method: string, args: unknown, log: Logger): Promise<Reply> {
  const checked = validateRequest(method, args)
  if (!checked.ok) {
    return { ok: false, error: { message: checked.failure.message, code: 'invalid_request', field: checked.failure.field } }
  }
  try {
    const result = await core.handle(checked.method, checked.args as RequestArgs<RequestMethod>)
    return { ok: true, result: result ?? null }
  } catch (error) {
    if (!isUserError(error)) log.error(`Request ${checked.method} failed`, error)
    return { ok: false, error: toWireError(error) }
  }
}
