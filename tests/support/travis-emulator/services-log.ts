// GET/DELETE /job/{id}/log (and log.txt). Lookup order as in travis-api: the job (GET: a missing
// one is an unrescued record-not-found, Travis's plain 500), then the log record (missing -> `log
// not found`, no resource_type), then, for a logged-in user, `view_log` (-> 403
// `log_access_denied`), then visibility (-> `log not found (or insufficient access)` with
// resource_type).
import { ApiError, UncaughtError, insufficientAccess, logAccessDenied, loginRequired, logMissing, notFound } from './errors'
import type { JobRecord, LogRecord, RepoRecord } from './model'
import { type LogView, logContent, logDef, rawLogHref } from './model-defs'
import { canWrite, jobPermissions, logVisible } from './permissions'
import { minimalJobRef, renderTop } from './render'
import type { ServiceContext, ServiceDef } from './service'
import { ok } from './service'
import { findJob } from './services-read'

function jobById(ctx: ServiceContext): { job: JobRecord; repo: RepoRecord } {
  const id = /^\d+$/.test(ctx.captures.id ?? '') ? Number(ctx.captures.id) : undefined
  const job = id === undefined ? undefined : ctx.store.jobs.get(id)
  const repo = job && ctx.store.repos.get(job.repoId)
  if (!job || !repo) throw notFound('job')
  return { job, repo }
}

function renderLog(ctx: ServiceContext, view: LogView): Record<string, unknown> {
  const body = renderTop(logDef, view, 'standard', ctx.render)
  body['@raw_log_href'] = rawLogHref(view, ctx.mount, ctx.flavour === 'enterprise')
  return body
}

export const logFind: ServiceDef = {
  name: 'Log::Find',
  params: ['log.token'],
  run(ctx) {
    const id = /^\d+$/.test(ctx.captures.id ?? '') ? Number(ctx.captures.id) : undefined
    if (id !== undefined && !ctx.store.jobs.has(id)) throw new UncaughtError(`job ${id} not found`)
    const { job, repo } = jobById(ctx)
    const log = ctx.store.logs.get(job.id)
    if (!log) throw logMissing()
    if (ctx.viewer.user && jobPermissions(repo, ctx.viewer).view_log === false) throw logAccessDenied()
    if (!logVisible(job, repo, ctx.viewer)) throw notFound('log')
    if (ctx.accept === 'text/plain') return { status: 200, body: { text: logContent(log) ?? 'null' } }
    return ok(renderLog(ctx, { log, job, repo }))
  },
}

/** Travis formats the removal time with Ruby's Time#to_s: `2025-11-03 09:00:00 UTC`. */
function rubyUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
}

export const logDelete: ServiceDef = {
  name: 'Log::Delete',
  params: [],
  run(ctx) {
    const user = ctx.viewer.user
    if (!user) throw loginRequired()
    const { job, repo } = findJob(ctx)
    if (!canWrite(repo, ctx.viewer)) {
      throw insufficientAccess('delete_log', 'job', minimalJobRef(job.id))
    }
    const log: LogRecord | undefined = ctx.store.logs.get(job.id)
    if (!log) throw logMissing()
    if (log.removedAt !== null || log.removedBy !== null) {
      throw new ApiError(409, 'log_already_removed', 'log has already been removed')
    }
    if (job.finishedAt === null) throw new ApiError(409, 'job_unfinished', 'job still running, cannot remove log yet')
    const now = Date.now()
    log.removedAt = now
    log.removedBy = user.id
    log.parts = [{ number: 0, content: `Log removed by ${user.name} at ${rubyUtc(now)}`, final: true }]
    return ok(renderLog(ctx, { log, job, repo }))
  },
}
