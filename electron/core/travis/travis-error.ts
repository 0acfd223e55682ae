import { UserError } from '../errors'

/** What went wrong with a Travis request, as something the app can decide on. */
export type TravisErrorKind =
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'token_rejected'
  | 'login_required'
  | 'wrong_credentials'
  | 'debug_not_enabled'
  | 'insufficient_access'
  | 'not_found'
  | 'job_already_running'
  | 'job_not_cancelable'
  | 'repo_migrated'
  | 'billing'
  | 'refused'
  | 'rate_limited'
  | 'banned'
  | 'server'
  | 'bad_request'
  | 'log_unavailable'
  | 'not_v3'
  | 'bad_response'

export class TravisError extends UserError {
  readonly kind: TravisErrorKind
  readonly status: number | undefined

  constructor(kind: TravisErrorKind, message: string, status?: number) {
    super(message, `travis_${kind}`)
    this.name = 'TravisError'
    this.kind = kind
    this.status = status
  }

  /** Worth another try for a GET: the same request may well succeed in a moment. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'rate_limited' || this.kind === 'server'
  }
}

export function isTravisError(value: unknown, kind?: TravisErrorKind): value is TravisError {
  return value instanceof TravisError && (kind === undefined || value.kind === kind)
}
