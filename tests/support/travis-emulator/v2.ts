// What a client gets when it forgets to opt into v3: the legacy v2 stack's shapes (no `@type`,
// `{"file":"not found"}` for anything it does not know, Sinatra's charset-suffixed JSON type).
import type { Reply } from './http-io'
import type { BuildRecord, JobRecord, RepoRecord, UserRecord } from './model'
import { repoVisible } from './permissions'
import type { Store } from './store'
import { formatTime } from './time'

export const V2_JSON = 'application/json;charset=utf-8'

export const reply = (status: number, payload: unknown): Reply => ({
  status,
  headers: { 'Content-Type': V2_JSON },
  body: JSON.stringify(payload),
})

const notFound = (): Reply => reply(404, { file: 'not found' })

function repoV2(store: Store, repo: RepoRecord): Record<string, unknown> {
  const last = store.lastStartedBuild(repo)
  return {
    id: repo.id,
    slug: `${repo.ownerLogin}/${repo.name}`,
    description: repo.description,
    last_build_id: last?.id ?? null,
    last_build_number: last ? String(last.number) : null,
    last_build_state: last?.state ?? null,
    last_build_started_at: formatTime(last?.startedAt ?? null),
    last_build_finished_at: formatTime(last?.finishedAt ?? null),
    github_language: repo.githubLanguage,
    active: repo.active,
  }
}

function buildV2(build: BuildRecord): Record<string, unknown> {
  return {
    id: build.id,
    repository_id: build.repoId,
    number: String(build.number),
    state: build.state,
    started_at: formatTime(build.startedAt),
    finished_at: formatTime(build.finishedAt),
    job_ids: build.jobIds,
  }
}

function jobV2(job: JobRecord): Record<string, unknown> {
  return {
    id: job.id,
    build_id: job.buildId,
    repository_id: job.repoId,
    number: job.number,
    state: job.state,
    started_at: formatTime(job.startedAt),
    finished_at: formatTime(job.finishedAt),
    allow_failure: job.allowFailure,
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function handleV2(method: string, pathInfo: string, store: Store, user: UserRecord | undefined): Reply {
  const viewer = { user, logTokenJobId: undefined }
  if (method !== 'GET') return notFound()
  const parts = pathInfo.split('/').slice(1).map(safeDecode)
  const [first, second, third] = parts
  if (first === 'repos' && parts.length === 1) {
    return reply(200, { repos: [...store.repos.values()].filter((r) => !r.private).slice(0, 25).map((r) => repoV2(store, r)) })
  }
  if (first === 'repos' && parts.length === 3 && second !== undefined && third !== undefined) {
    const repo = store.repoBySlug(`${second}/${third}`)
    return repo && repoVisible(repo, viewer) ? reply(200, { repo: repoV2(store, repo) }) : notFound()
  }
  const id = Number(second)
  if (first === 'builds' && parts.length === 2) {
    const build = store.builds.get(id)
    const repo = build && store.repos.get(build.repoId)
    return build && repo && repoVisible(repo, viewer) ? reply(200, { build: buildV2(build) }) : notFound()
  }
  if (first === 'jobs' && parts.length === 2) {
    const job = store.jobs.get(id)
    const repo = job && store.repos.get(job.repoId)
    return job && repo && repoVisible(repo, viewer) ? reply(200, { job: jobV2(job) }) : notFound()
  }
  if (first === 'users' && parts.length === 1) {
    return user ? reply(200, { user: { id: user.id, name: user.name, login: user.login, email: user.email } }) : reply(403, {})
  }
  return notFound()
}
