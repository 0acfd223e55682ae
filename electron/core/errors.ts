import type { WireError } from '@shared/api'

/**
 * A failure the user can act on. Its message is shown as it is, so it must say what happened and
 * what to do, and must never contain a secret.
 */
export class UserError extends Error {
  readonly code: string
  readonly field: string | undefined

  constructor(message: string, code = 'user_error', field?: string) {
    super(message)
    this.name = 'UserError'
    this.code = code
    this.field = field
  }
}

export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError
}

/** Maps any thrown value to what may cross to the renderer: user errors as they are, the rest generic. */
export function toWireError(error: unknown): WireError {
  if (isUserError(error)) {
    return error.field === undefined
      ? { message: error.message, code: error.code }
      : { message: error.message, code: error.code, field: error.field }
  }
  return {
    message: 'Something went wrong inside Shipmate. The details are in its log; please try again.',
    code: 'internal',
  }
}
