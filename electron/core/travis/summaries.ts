import type { BuildSummary, DebugHint, JobSummary, RepoSummary } from '@shared/api'
import type { V3Build, V3Job, V3Repository } from './v3-types'

export const FINISHED_STATES = new Set(['passed', 'failed', 'errored', 'canceled'])

/** travis-web's rule: debug needs `build_debug` and a private repository; public ones need support. */
export function debugHintFor(repo: V3Repository, readOnlyEndpoint: boolean): DebugHint {
  if (readOnlyEndpoint) return 'read_only_endpoint'
  if (repo['@permissions'] && !repo['@permissions'].build_debug) return 'no_permission'
  return repo.private ? 'available' : 'public_needs_support'
}

export function repoSummary(repo: V3Repository, readOnlyEndpoint: boolean): RepoSummary {
  const [ownerFromSlug = '', nameFromSlug = repo.name] = repo.slug.split('/')
  const owner = repo.owner && 'login' in repo.owner && repo.owner.login ? repo.owner.login : (repo.owner_name ?? ownerFromSlug)
  return {
    id: repo.id,
    slug: repo.slug,
    owner,
    name: repo.name ?? nameFromSlug,
    description: repo.description ?? null,
    private: repo.private === true,
    active: repo.active !== false,
    debugHint: debugHintFor(repo, readOnlyEndpoint),
  }
}

export function buildSummary(build: V3Build): BuildSummary {
  return {
    id: build.id,
    number: build.number,
    state: build.state,
    branch: build.branch?.name ?? build.tag?.name ?? null,
    eventType: build.event_type ?? null,
    commitMessage: build.commit?.message ?? null,
    commitSha: build.commit?.sha ?? null,
    pullRequestNumber: build.pull_request_number ?? null,
    startedAt: build.started_at ?? null,
    finishedAt: build.finished_at ?? null,
    duration: build.duration ?? null,
  }
}

export function jobSummary(job: V3Job, readOnlyEndpoint: boolean): JobSummary {
  const config = job.config ?? {}
  const state = job.state ?? 'created'
  const finished = FINISHED_STATES.has(state)
  const permissions = job['@permissions'] ?? {}
  return {
    id: job.id,
    number: job.number ?? String(job.id),
    state,
    os: stringOf(config.os),
    language: stringOf(config.language),
    env: envOf(config.env),
    allowFailure: job.allow_failure === true,
    stage: job.stage?.name ?? null,
    startedAt: job.started_at ?? null,
    finishedAt: job.finished_at ?? null,
    restartedAt: job.restarted_at ?? null,
    canDebug: !readOnlyEndpoint && permissions.debug !== false && finished,
    canCancel: !readOnlyEndpoint && permissions.cancel !== false && !finished,
  }
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ')
  return null
}

/**
 * A job's `env` may be a string, a list, or `{global, jobs}` depending on how .travis.yml said it.
 * Only that one level of nesting is looked into: the config comes from the server, and a deeper
 * one would otherwise be followed as deep as it goes.
 */
function envOf(value: unknown, nested = false): string | null {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(' ') || null
  if (value && typeof value === 'object' && !nested) {
    const record = value as Record<string, unknown>
    return envOf(record.jobs, true) ?? envOf(record.matrix, true) ?? envOf(record.global, true)
  }
  return null
}
