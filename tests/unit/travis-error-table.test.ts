import { describe, expect, it } from 'vitest'
import { ERROR_TABLE, errorForResponse, type RequestContext } from '../../electron/core/travis/error-table'

const json = (body: Record<string, unknown>) => JSON.stringify({ '@type': 'error', ...body }, null, 2)
const respond = (status: number, body: string, contentType = 'application/json', context: RequestContext = 'read') =>
  errorForResponse({ status, body, contentType, host: 'api.travis-ci.com', context })

// One case per row of ERROR_TABLE, with the bodies Travis sends.
const cases: { row: string; status: number; body: string; contentType?: string; context?: RequestContext; kind: string; says: RegExp }[] = [
  { row: 'bad token', status: 403, body: 'access denied', contentType: 'text/plain', kind: 'token_rejected', says: /rejected the API token/ },
  { row: 'banned', status: 403, body: 'Forbidden\n', contentType: 'text/plain', kind: 'banned', says: /blocking requests/ },
  { row: 'login required', status: 403, body: json({ error_type: 'login_required', error_message: 'login required' }), kind: 'login_required', says: /needs a login/ },
  {
    row: 'debug on public repo',
    status: 403,
    body: json({ error_type: 'wrong_credentials', error_message: 'access denied' }),
    context: 'debug',
    kind: 'debug_not_enabled',
    says: /repository is public.*only on request to its support/,
  },
  { row: 'bad scheme', status: 403, body: json({ error_type: 'wrong_credentials', error_message: 'access denied' }), kind: 'wrong_credentials', says: /did not accept the credentials/ },
  {
    row: 'no permission',
    status: 403,
    body: json({ error_type: 'insufficient_access', error_message: 'operation requires debug access to job', resource_type: 'job', permission: 'debug' }),
    kind: 'insufficient_access',
    says: /lacks debug access to this job/,
  },
  { row: 'migrated', status: 403, body: json({ error_type: 'repo_migrated', error_message: 'This repository has been migrated…' }), kind: 'repo_migrated', says: /moved to travis-ci\.com/ },
  {
    row: 'billing',
    status: 403,
    body: json({ error_type: 'error', error_message: 'Builds have been temporarily disabled for private repositories due to a insufficient credit balance' }),
    kind: 'billing',
    says: /billing.*insufficient credit balance/,
  },
  { row: 'log expired', status: 403, body: json({ error_type: 'log_expired', error_message: "We're sorry" }), kind: 'log_unavailable', says: /too old/ },
  { row: 'log access denied', status: 403, body: json({ error_type: 'log_access_denied', error_message: "We're sorry" }), kind: 'log_unavailable', says: /settings do not let/ },
  { row: 'abuse', status: 403, body: json({ error_type: 'error', error_message: 'Abuse detected. Restart disabled.' }), kind: 'refused', says: /Abuse detected/ },
  {
    row: 'not found',
    status: 404,
    body: json({ error_type: 'not_found', error_message: 'job not found (or insufficient access)', resource_type: 'job' }),
    kind: 'not_found',
    says: /^Job was not found, or this account cannot see it/,
  },
  { row: 'already running', status: 409, body: json({ error_type: 'job_already_running', error_message: 'job already running, cannot restart' }), kind: 'job_already_running', says: /still running.*Cancel it first/ },
  { row: 'not cancelable', status: 409, body: json({ error_type: 'job_not_cancelable', error_message: 'job is not running, cannot cancel' }), kind: 'job_not_cancelable', says: /nothing to cancel/ },
  { row: 'rate limited', status: 429, body: 'Retry later\n', contentType: 'text/plain', kind: 'rate_limited', says: /rate limiting/ },
  { row: 'bad params', status: 400, body: json({ error_type: 'wrong_params', error_message: 'limit must be an integer' }), kind: 'bad_request', says: /limit must be an integer/ },
  { row: 'wrong verb', status: 405, body: json({ error_type: 'method_not_allowed', error_message: 'method not allowed' }), kind: 'bad_request', says: /does not support this request/ },
]

describe('Travis error table', () => {
  it('the "insufficient credit balance" 403 is Travis\'s restart check: the message does not send the user to billing alone', () => {
    const error = respond(
      403,
      json({ error_type: 'error', error_message: 'Builds have been temporarily disabled for private repositories due to a insufficient credit balance' }),
      'application/json',
      'debug',
    )
    expect(error.kind).toBe('billing')
    expect(error.message).toMatch(/^Travis refused to restart the job \(billing, an unfinished job, or an account restriction\)/)
  })

  it.each(cases)('$row -> $kind', ({ status, body, contentType, context, kind, says }) => {
    const error = respond(status, body, contentType, context)
    expect(error.kind).toBe(kind)
    expect(error.message).toMatch(says)
    expect(error.status).toBe(status)
  })

  it('every row of the table has a case', () => {
    expect(cases).toHaveLength(ERROR_TABLE.length)
  })

  it('a 500 is a server error, retried as transient; unknown statuses say what came back', () => {
    const server = respond(500, 'Sorry, we experienced an error.\n', 'text/plain')
    expect(server.kind).toBe('server')
    expect(server.transient).toBe(true)
    expect(respond(418, json({ error_type: 'teapot', error_message: 'short and stout' })).message).toBe('api.travis-ci.com answered with HTTP 418: "short and stout".')
  })

  it('a JSON "access denied" is not mistaken for the plain-text bad-token reply', () => {
    expect(respond(403, json({ error_type: 'wrong_credentials', error_message: 'access denied' })).kind).toBe('wrong_credentials')
  })

  it('messages never echo the request or a token', () => {
    for (const { status, body, contentType, context } of cases) {
      expect(respond(status, body, contentType, context).message).not.toMatch(/token [A-Za-z0-9]{10,}/)
    }
  })
})
