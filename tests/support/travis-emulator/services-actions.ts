// POST /job/{id}/debug|cancel|restart, with travis-api's check order. The
// state change itself happens later, in the lifecycle (the emulated hub and worker).
import {
  abuseDetected,
  insufficientAccess,
  insufficientBalance,
  jobAlreadyRunning,
  jobNotCancelable,
  loginRequired,
  notFound,
  repoMigrated,
  wrongCredentials,
} from './errors'
import { FINISHED_STATES, type JobRecord, RUNNING_STATES, type RepoRecord, type UserRecord } from './model'
import { canWrite, debugToolsEnabled } from './permissions'
import { minimalJobRef, renderAccepted } from './render'
import type { ServiceContext, ServiceDef, ServiceResult } from './service'
import { findJob } from './services-read'

function requireUser(ctx: ServiceContext): UserRecord {
  if (!ctx.viewer.user) throw loginRequired()
  return ctx.viewer.user
}

function requireWrite(ctx: ServiceContext, repo: RepoRecord, job: JobRecord, permission: string): void {
  if (!canWrite(repo, ctx.viewer)) throw insufficientAccess(permission, 'job', minimalJobRef(job.id))
}

const migrated = (ctx: ServiceContext, repo: RepoRecord): boolean =>
  ctx.flavour === 'org' && (repo.migrationStatus === 'migrated' || repo.migrationStatus === 'migrating')

/** Ruby truthiness: only nil and false are false (so `?quiet=false` in the query means quiet). */
const truthy = (value: unknown): boolean => value !== undefined && value !== null && value !== false

const accepted = (job: JobRecord, stateChange: string): ServiceResult => ({
  status: 202,
  body: renderAccepted(job.id, stateChange),
})

export const jobDebug: ServiceDef = {
  name: 'Job::Debug',
  params: ['quiet'],
  run(ctx) {
    const user = requireUser(ctx)
    const { job, repo } = findJob(ctx)
    if (!debugToolsEnabled(repo)) throw wrongCredentials()
    requireWrite(ctx, repo, job, 'debug')
    if (migrated(ctx, repo)) throw repoMigrated()
    const quiet = truthy(ctx.params.get('quiet'))
    // Saved before the restart is attempted, so a 409 leaves them behind (as Travis does).
    job.debugOptions = { stage: 'before_install', previous_state: job.state, created_by: user.login, quiet }
    if (RUNNING_STATES.includes(job.state)) throw jobAlreadyRunning()
    // The restart check (`resetable?` = finished and a valid config) answers an unfinished job with
    // the same fixed text as a billing refusal.
    if (repo.billingBlocked || job.state === 'created') throw insufficientBalance()
    ctx.lifecycle.debug(job, user, quiet)
    return accepted(job, 'created')
  },
}

export const jobRestart: ServiceDef = {
  name: 'Job::Restart',
  params: [],
  run(ctx) {
    const user = requireUser(ctx)
    const { job, repo } = findJob(ctx)
    requireWrite(ctx, repo, job, 'restart')
    if (migrated(ctx, repo)) throw repoMigrated()
    job.debugOptions = null
    if (RUNNING_STATES.includes(job.state)) throw jobAlreadyRunning()
    if (repo.abuseBlocked) throw abuseDetected()
    if (repo.billingBlocked) throw insufficientBalance()
    ctx.lifecycle.restart(job, user)
    return accepted(job, 'restart')
  },
}

export const jobCancel: ServiceDef = {
  name: 'Job::Cancel',
  params: [],
  run(ctx) {
    const user = requireUser(ctx)
    const { job, repo } = findJob(ctx)
    if (ctx.flavour === 'org' && ctx.store.owner(repo.owner)?.roMode) throw notFound('job')
    requireWrite(ctx, repo, job, 'cancel')
    if (FINISHED_STATES.includes(job.state)) throw jobNotCancelable()
    ctx.lifecycle.cancel(job, user)
    return accepted(job, 'cancel')
  },
}
