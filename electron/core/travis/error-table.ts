import type { z } from 'zod'
import { TravisError, type TravisErrorKind } from './travis-error'

/** What the request was doing, so a message can say it in the user's terms. */
export type RequestContext = 'read' | 'debug' | 'cancel' | 'restart' | 'delete_log' | 'validate_token'

export interface FailedResponse {
  status: number
  contentType: string
  body: string
  host: string
  context: RequestContext
}

interface Row {
  /** Matches on the HTTP status, and on `error_type` for JSON errors or the plain body otherwise. */
  status: number
  errorType?: string
  plain?: RegExp
  message?: RegExp
  context?: RequestContext
  kind: TravisErrorKind
  say: (detail: { host: string; errorMessage: string; resource: string; permission: string }) => string
}

/**
 * Every failure Travis API v3 gives, mapped to what the user can do about it. Order matters: the
 * first row that matches wins. Tested row by row.
 */
export const ERROR_TABLE: readonly Row[] = [
  {
    status: 403,
    plain: /^access denied\s*$/,
    kind: 'token_rejected',
    say: ({ host }) =>
      `${host} rejected the API token. It may have been regenerated or revoked: replace it with the token from your Travis profile settings.`,
  },
  {
    status: 403,
    plain: /^Forbidden\s*$/,
    kind: 'banned',
    say: ({ host }) => `${host} is blocking requests from this machine for now (too many requests, especially POSTs). Wait an hour and try again.`,
  },
  {
    status: 403,
    errorType: 'login_required',
    kind: 'login_required',
    say: ({ host }) => `${host} says this needs a login: the account's token was not accepted. Replace the token.`,
  },
  {
    status: 403,
    errorType: 'wrong_credentials',
    context: 'debug',
    kind: 'debug_not_enabled',
    say: () =>
      'Travis refused debug mode for this job: the repository is public, and Travis enables debug mode for public repositories only on request to its support (support@travis-ci.com).',
  },
  {
    status: 403,
    errorType: 'wrong_credentials',
    kind: 'wrong_credentials',
    say: ({ host }) => `${host} did not accept the credentials Shipmate sent. Replace the account's token.`,
  },
  {
    status: 403,
    errorType: 'insufficient_access',
    kind: 'insufficient_access',
    say: ({ resource, permission }) =>
      `Your Travis user lacks ${permission || 'the needed'} access to this ${resource || 'resource'}. Ask an admin of the repository for it, or use an account that has it.`,
  },
  {
    status: 403,
    errorType: 'repo_migrated',
    kind: 'repo_migrated',
    say: () => 'This repository has moved to travis-ci.com; travis-ci.org is read-only. Add a travis-ci.com account to debug it.',
  },
  {
    status: 403,
    errorType: 'error',
    message: /credit balance|billing|insufficient_balance/i,
    kind: 'billing',
    // Travis's restart check answers with this fixed text for more than billing: a job that has not
    // finished, an owner under an account restriction, custom-image permissions.
    say: ({ errorMessage }) =>
      `Travis refused to restart the job (billing, an unfinished job, or an account restriction): "${errorMessage}" If the job has finished, check the owner's plan and credits in Travis.`,
  },
  {
    status: 403,
    errorType: 'log_expired',
    kind: 'log_unavailable',
    say: () => 'This job log is too old: Travis no longer keeps it.',
  },
  {
    status: 403,
    errorType: 'log_access_denied',
    kind: 'log_unavailable',
    say: () => "The repository's settings do not let this account read job logs.",
  },
  {
    status: 403,
    errorType: 'error',
    kind: 'refused',
    say: ({ errorMessage }) => `Travis refused: "${errorMessage}"`,
  },
  {
    status: 404,
    kind: 'not_found',
    say: ({ resource }) =>
      `${capitalize(resource || 'That')} was not found, or this account cannot see it. Check the account, and that the repository is active on Travis.`,
  },
  {
    status: 409,
    errorType: 'job_already_running',
    kind: 'job_already_running',
    say: () => 'The job is still running, so it cannot be restarted in debug mode. Cancel it first, or wait until it finishes.',
  },
  {
    status: 409,
    errorType: 'job_not_cancelable',
    kind: 'job_not_cancelable',
    say: () => 'The job is not running any more, so there is nothing to cancel.',
  },
  {
    status: 429,
    kind: 'rate_limited',
    say: ({ host }) => `${host} is rate limiting this token. Shipmate slows down by itself; try again in a minute.`,
  },
  {
    status: 400,
    kind: 'bad_request',
    say: ({ errorMessage }) => `Travis did not accept Shipmate's request${errorMessage ? `: "${errorMessage}"` : ''}. Please report this.`,
  },
  {
    status: 405,
    kind: 'bad_request',
    say: ({ host }) => `${host} does not support this request. Is the API URL a Travis API v3 endpoint?`,
  },
]

/** Builds the typed error for a non-2xx response. */
export function errorForResponse(response: FailedResponse): TravisError {
  const json = response.contentType.startsWith('application/json') ? parseErrorBody(response.body) : undefined
  for (const row of ERROR_TABLE) {
    if (row.status !== response.status) continue
    if (row.context && row.context !== response.context) continue
    if (row.plain && (json || !row.plain.test(response.body))) continue
    if (row.errorType && json?.errorType !== row.errorType) continue
    if (row.message && !row.message.test(json?.errorMessage ?? '')) continue
    const detail = {
      host: response.host,
      errorMessage: json?.errorMessage ?? '',
      resource: json?.resourceType ?? '',
      permission: json?.permission ?? '',
    }
    return new TravisError(row.kind, row.say(detail), response.status)
  }
  if (response.status >= 500) {
    return new TravisError('server', `${response.host} had an internal error (HTTP ${response.status}). Try again in a moment.`, response.status)
  }
  return new TravisError(
    'bad_response',
    `${response.host} answered with HTTP ${response.status}${json?.errorMessage ? `: "${json.errorMessage}"` : ''}.`,
    response.status,
  )
}

interface ErrorBody {
  errorType: string
  errorMessage: string
  resourceType?: string
  permission?: string
}

function parseErrorBody(body: string): ErrorBody | undefined {
  try {
    const value = JSON.parse(body) as Record<string, unknown>
    if (value['@type'] !== 'error') return undefined
    return {
      errorType: String(value.error_type ?? ''),
      // Travis's own messages are a line of text.
      errorMessage: shortPrintable(String(value.error_message ?? ''), 300),
      ...(typeof value.resource_type === 'string' ? { resourceType: shortPrintable(value.resource_type.replace(/_/g, ' '), 40) } : {}),
      ...(typeof value.permission === 'string' ? { permission: shortPrintable(value.permission.replace(/_/g, ' '), 40) } : {}),
    }
  } catch {
    return undefined
  }
}

/**
 * Text from the server that a message quotes, cut to `max` characters with its control characters
 * replaced: a server can send anything there, of any length.
 */
function shortPrintable(text: string, max: number): string {
  const head = [...text.slice(0, max * 2).replace(/\p{C}/gu, '?')].slice(0, max).join('')
  return head.length < text.length ? `${head}…` : head
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * The error for a successful answer that is not what Travis sends (a field missing or of another
 * type, null for an object, a list far too long): one message that names the first field that is
 * off by its path in the answer, such as `repositories.3.slug should be a string`. The value is
 * never quoted: it may be huge, or hold anything at all.
 */
export function unexpectedAnswer(host: string, status: number, issue: z.core.$ZodIssue | undefined): TravisError {
  const field = issue && issue.path.length > 0 ? fieldPath(issue.path) : 'the answer'
  return new TravisError(
    'bad_response',
    `${host} sent an unexpected answer: ${field} ${problemWith(issue)}. Try again; if it keeps happening, check that the account's API URL is that of a Travis CI API.`,
    status,
  )
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
}

/** Needs the issue's input (`reportInput`), to tell a missing field from a wrong one. */
function problemWith(issue: z.core.$ZodIssue | undefined): string {
  switch (issue?.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is missing'
      const expected = EXPECTED[issue.expected] ?? issue.expected
      return issue.input === null ? `should be ${expected}, not null` : `should be ${expected}`
    }
    case 'invalid_value':
      return `should be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`
    case 'too_big':
      if (issue.origin === 'array') return `has more than ${issue.maximum} entries`
      return issue.inclusive === false ? `should be less than ${issue.maximum}` : `should be at most ${issue.maximum}`
    case 'too_small':
      if (issue.origin === 'array') return `has fewer than ${issue.minimum} entries`
      return issue.inclusive === false ? `should be more than ${issue.minimum}` : `should be at least ${issue.minimum}`
    case 'invalid_format':
      return issue.message
    default:
      return 'is not what Travis sends'
  }
}

/** Keys of maps such as `@permissions` come from the server too. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? String(key) : shortPrintable(String(key), 40))).join('.')
}
