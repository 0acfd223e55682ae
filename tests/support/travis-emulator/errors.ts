// v3 errors: `{"@type":"error","error_type","error_message", ...payload}`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly payload: Record<string, unknown> = {},
  ) {
    super(message)
  }

  body(): Record<string, unknown> {
    return { '@type': 'error', error_type: this.errorType, error_message: this.message, ...this.payload }
  }
}

/** The same text for "missing" and "not yours": Travis never tells them apart. */
export const notFound = (resourceType: string): ApiError =>
  new ApiError(404, 'not_found', `${resourceType} not found (or insufficient access)`, { resource_type: resourceType })

export const routeNotFound = (): ApiError =>
  new ApiError(404, 'not_found', 'resource not found (or insufficient access)')

/** The log record does not exist yet (right after a restart): a string message, no resource_type. */
export const logMissing = (): ApiError => new ApiError(404, 'not_found', 'log not found')

export const methodNotAllowed = (): ApiError => new ApiError(405, 'method_not_allowed', 'method not allowed')

export const loginRequired = (): ApiError => new ApiError(403, 'login_required', 'login required')

export const wrongCredentials = (): ApiError => new ApiError(403, 'wrong_credentials', 'access denied')

export const wrongParams = (message: string): ApiError => new ApiError(400, 'wrong_params', message)

export const insufficientAccess = (
  permission: string,
  resourceType: string,
  object: Record<string, unknown> | undefined,
): ApiError => {
  const payload: Record<string, unknown> = { resource_type: resourceType, permission }
  if (object) payload[resourceType] = object
  return new ApiError(403, 'insufficient_access', `operation requires ${permission} access to ${resourceType}`, payload)
}

export const jobAlreadyRunning = (): ApiError =>
  new ApiError(409, 'job_already_running', 'job already running, cannot restart')

export const jobNotCancelable = (): ApiError =>
  new ApiError(409, 'job_not_cancelable', 'job is not running, cannot cancel')

export const repoMigrated = (): ApiError =>
  new ApiError(
    403,
    'repo_migrated',
    'This repository has been migrated to travis-ci.com. Modifications to repositories, builds, and jobs are disabled on travis-ci.org. If you have any questions please contact us at support@travis-ci.com',
  )

export const insufficientBalance = (): ApiError =>
  new ApiError(
    403,
    'error',
    'Builds have been temporarily disabled for private repositories due to a insufficient credit balance',
  )

export const abuseDetected = (): ApiError =>
  new ApiError(
    403,
    'error',
    'Abuse detected. Restart disabled. If you think you have received this message in error, please contact support: support@travis-ci.com',
  )

export const logAccessDenied = (): ApiError =>
  new ApiError(403, 'log_access_denied', "We're sorry, but this data is not available. Please check the repository settings in Travis CI.")

/** An exception travis-api does not rescue: its error handler answers the plain-text 500. */
export class UncaughtError extends Error {}

/** Plain-text bodies of the middleware in front of v3 (not JSON). */
export const PLAIN = {
  accessDenied: 'access denied',
  serverError: 'Sorry, we experienced an error.\n',
  throttled: 'Retry later\n',
  banned: 'Forbidden\n',
} as const
