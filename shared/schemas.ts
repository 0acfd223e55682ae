import { z } from 'zod'
import { RENDERER_FALLBACK_REASONS, type RequestMethod } from './api'
import { echoInput } from './echo-input'
import { TRAVIS_PHASES } from './types/sessions'
import { MAX_INPUT_CHARS } from './wire'

const empty = z.object({}).strict()
const accountId = z.string().min(3).max(300)
const token = z.string().trim().min(1, 'is empty').max(500)
const id = z.number().int().positive()
const sessionId = z.string().min(1).max(100)
const windowIndex = z.number().int().min(0).max(999)

/**
 * One schema per request method. Hosts validate arguments with these before the core sees them, so
 * the inside of the core can trust its types (Signal's "validate at the boundary").
 */
export const requestSchemas = {
  'app.info': empty,
  'app.notices': empty,
  'app.dismissNotice': z.object({ id: z.string().min(1).max(200) }).strict(),
  'app.recheckKeychain': empty,
  'app.openExternal': z.object({ url: z.string().max(2000) }).strict(),
  'app.rendererFallback': z.object({ reason: z.enum(RENDERER_FALLBACK_REASONS) }).strict(),
  'accounts.list': empty,
  'accounts.add': z.object({ apiUrl: z.string().trim().min(1, 'is empty').max(500), token }).strict(),
  'accounts.replaceToken': z.object({ accountId, token }).strict(),
  'accounts.remove': z.object({ accountId }).strict(),
  'accounts.scanTravisCli': empty,
  'accounts.importTravisCli': z.object({ apiUrls: z.array(z.string().max(500)).max(50), removeFromFile: z.boolean() }).strict(),
  'browse.repos': z.object({ accountId, requestId: z.string().min(1).max(100) }).strict(),
  'browse.builds': z.object({ accountId, repoId: id, offset: z.number().int().min(0) }).strict(),
  'browse.jobs': z.object({ accountId, buildId: id }).strict(),
  'browse.log': z.object({ accountId, jobId: id }).strict(),
  'browse.resolveUrl': z.object({ url: z.string().trim().min(1, 'is empty').max(2000), accountId: accountId.optional() }).strict(),
  'debug.preflight': z.object({ accountId, jobId: id }).strict(),
  'debug.start': z.object({ accountId, jobId: id, quiet: z.boolean(), cancelFirst: z.boolean() }).strict(),
  'debug.list': empty,
  'debug.log': z.object({ runId: z.string().min(1).max(100) }).strict(),
  'debug.sshCommand': z.object({ runId: z.string().min(1).max(100) }).strict(),
  'debug.dismiss': z.object({ runId: z.string().min(1).max(100) }).strict(),
  'jobs.cancel': z.object({ accountId, jobId: id }).strict(),
  'jobs.deleteLog': z.object({ accountId, jobId: id }).strict(),
  'sessions.list': empty,
  'sessions.open': z.object({ command: z.string().trim().min(1, 'is empty').max(1000) }).strict(),
  'sessions.snapshot': z.object({ sessionId }).strict(),
  'sessions.input': z.object({ sessionId, data: z.string().max(MAX_INPUT_CHARS) }).strict(),
  'sessions.resize': z.object({ sessionId, cols: z.number().int().min(10).max(1000), rows: z.number().int().min(3).max(500) }).strict(),
  'sessions.ack': z.object({ sessionId, bytes: z.number().int().min(0) }).strict(),
  'sessions.selectWindow': z.object({ sessionId, index: windowIndex }).strict(),
  'sessions.newWindow': z.object({ sessionId }).strict(),
  'sessions.renameWindow': z.object({ sessionId, index: windowIndex, name: z.string().trim().min(1, 'is empty').max(100) }).strict(),
  'sessions.closeWindow': z.object({ sessionId, index: windowIndex }).strict(),
  'sessions.runPhase': z.object({ sessionId, phase: z.enum(TRAVIS_PHASES) }).strict(),
  'sessions.answerHostKey': z.object({ sessionId, trust: z.boolean() }).strict(),
  'sessions.answerPassphrase': z.object({ sessionId, passphrase: z.string().max(1000).nullable() }).strict(),
  'sessions.setGuard': z.object({ sessionId, enabled: z.boolean() }).strict(),
  'sessions.keepAlive': z.object({ sessionId }).strict(),
  'sessions.acknowledgeAlert': z.object({ sessionId }).strict(),
  'sessions.disconnect': z.object({ sessionId }).strict(),
  'sessions.reconnect': z.object({ sessionId }).strict(),
  'sessions.forget': z.object({ sessionId }).strict(),
  'sessions.timeline': z.object({ sessionId }).strict(),
} satisfies Record<RequestMethod, z.ZodType>

export interface ValidationFailure {
  field: string
  message: string
}

/**
 * Validates a request's arguments; returns the parsed value or the first failing field by name.
 * Names the caller chose (an unknown method, an unexpected key) are echoed shortened: a page may
 * send a megabyte of method name, and the error need not carry it back.
 */
export function validateRequest(
  method: string,
  args: unknown,
): { ok: true; method: RequestMethod; args: unknown } | { ok: false; failure: ValidationFailure } {
  if (!Object.hasOwn(requestSchemas, method)) {
    return { ok: false, failure: { field: 'method', message: `Unknown request method "${echoInput(method)}".` } }
  }
  const known = method as RequestMethod
  const result = requestSchemas[known].safeParse(args ?? {})
  if (result.success) return { ok: true, method: known, args: result.data }
  const issue = result.error.issues[0]
  // A key can be empty ({"": 1}): it is named as the quotes it is, so the message still says which.
  const named = (key: PropertyKey) => (String(key) === '' ? '""' : String(key))
  const path = issue?.path.length ? issue.path.map(named).join('.') : 'args'
  const field = echoInput(issue?.code === 'unrecognized_keys' ? issue.keys.map(named).join(', ') : path)
  const detail = issue?.code === 'unrecognized_keys' ? 'is not an accepted field' : (issue?.message ?? 'is invalid')
  return { ok: false, failure: { field, message: `Invalid request "${known}": ${field} ${detail}.` } }
}
