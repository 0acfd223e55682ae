// The read-only services: user, repositories, repository, builds, build, jobs, job.
import { loginRequired, notFound } from './errors'
import type { BuildRecord, JobRecord, RepoRecord } from './model'
import { buildDef, jobDef, repositoryDef, userDef } from './model-defs'
import { paginate, paginationInfo } from './pagination'
import { type Params, boolParam, stringParam } from './params'
import { repoVisible } from './permissions'
import { type Representation, renderCollection, renderTop } from './render'
import { type ServiceContext, type ServiceDef, type ServiceResult, ok } from './service'
import { applySort } from './sorting'
import type { Store } from './store'

const numericId = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined

export function findRepo(ctx: ServiceContext): RepoRecord {
  const key = ctx.captures.repo ?? ''
  const id = numericId(key)
  const repo = id !== undefined ? ctx.store.repos.get(id) : ctx.store.repoBySlug(key)
  if (!repo || !repoVisible(repo, ctx.viewer)) throw notFound('repository')
  return repo
}

export function findBuild(ctx: ServiceContext): BuildRecord {
  const id = numericId(ctx.captures.id)
  const build = id === undefined ? undefined : ctx.store.builds.get(id)
  const repo = build && ctx.store.repos.get(build.repoId)
  if (!build || !repo || !repoVisible(repo, ctx.viewer)) throw notFound('build')
  return build
}

export function findJob(ctx: ServiceContext): { job: JobRecord; repo: RepoRecord } {
  const id = numericId(ctx.captures.id)
  const job = id === undefined ? undefined : ctx.store.jobs.get(id)
  const repo = job && ctx.store.repos.get(job.repoId)
  if (!job || !repo || !repoVisible(repo, ctx.viewer)) throw notFound('job')
  return { job, repo }
}

const REPO_FILTERS = ['active', 'private', 'starred', 'name_filter', 'slug_filter', 'managed_by_installation', 'active_on_org']
const REPO_PARAMS = [
  ...REPO_FILTERS.flatMap((f) => [f, `repository.${f}`]),
  'representation', 'limit', 'offset', 'skip_count', 'sort_by',
]

function filterRepos(list: RepoRecord[], params: Params): RepoRecord[] {
  const active = boolParam(params, 'repository.active', 'active')
  const priv = boolParam(params, 'repository.private', 'private')
  const starred = boolParam(params, 'repository.starred', 'starred')
  const managed = boolParam(params, 'repository.managed_by_installation', 'managed_by_installation')
  const nameFilter = stringParam(params, 'repository.name_filter', 'name_filter')?.toLowerCase()
  const slugFilter = stringParam(params, 'repository.slug_filter', 'slug_filter')?.toLowerCase()
  return list.filter(
    (r) =>
      (active === undefined || r.active === active) &&
      (priv === undefined || r.private === priv) &&
      // Nobody has starred anything in the seed.
      (starred === undefined || starred === false) &&
      (managed === undefined || r.managedByInstallation === managed) &&
      (nameFilter === undefined || r.name.toLowerCase().includes(nameFilter)) &&
      (slugFilter === undefined || `${r.ownerLogin}/${r.name}`.toLowerCase().includes(slugFilter)),
  )
}

function lastBuildId(store: Store, repo: RepoRecord): number | null {
  return store.lastStartedBuild(repo)?.id ?? null
}

function repoCollection(ctx: ServiceContext, repos: RepoRecord[]): ServiceResult {
  const filtered = filterRepos(repos, ctx.params)
  const { sorted, warnings } = applySort(filtered, stringParam(ctx.params, 'sort_by'), {
    id: (r) => r.id,
    github_id: (r) => r.githubId,
    vcs_id: (r) => String(r.githubId),
    owner_name: (r) => r.ownerLogin.toLowerCase(),
    name: (r) => r.name.toLowerCase(),
    active: (r) => (r.active ? 1 : 2),
    'default_branch.last_build': (r) => lastBuildId(ctx.store, r),
    current_build: (r) => lastBuildId(ctx.store, r),
    name_filter: (r) => r.name.toLowerCase(),
    slug_filter: (r) => `${r.ownerLogin}/${r.name}`.toLowerCase(),
  })
  const { page, meta } = paginate(sorted, ctx.params, { defaultLimit: 100, maxLimit: 100 })
  const representation: Representation = stringParam(ctx.params, 'representation') === 'list' ? 'list' : 'standard'
  const body = renderCollection(
    'repositories', 'repositories', repositoryDef, page, ctx.render, ctx.location,
    paginationInfo(ctx.location, meta), representation,
  )
  return ok(body, warnings)
}

export const userCurrent: ServiceDef = {
  name: 'User::Current',
  params: [],
  run(ctx) {
    const user = ctx.viewer.user
    if (!user) throw loginRequired()
    return ok(renderTop(userDef, user, 'standard', ctx.render))
  },
}

export const userFind: ServiceDef = {
  name: 'User::Find',
  params: [],
  run(ctx) {
    const id = numericId(ctx.captures.id)
    const user = id === undefined ? undefined : ctx.store.users.get(id)
    if (!user) throw notFound('user')
    return ok(renderTop(userDef, user, 'standard', ctx.render))
  },
}

export const reposForCurrentUser: ServiceDef = {
  name: 'Repositories::ForCurrentUser',
  params: REPO_PARAMS,
  run(ctx) {
    const user = ctx.viewer.user
    if (!user) throw loginRequired()
    const mine = [...ctx.store.repos.values()].filter((r) => r.roles.has(user.id))
    return repoCollection(ctx, mine)
  },
}

export const reposForOwner: ServiceDef = {
  name: 'Repositories::ForOwner',
  params: REPO_PARAMS,
  run(ctx) {
    const { login, githubId } = ctx.captures
    let found: { kind: 'user' | 'organization'; id: number } | undefined
    if (githubId !== undefined) {
      const user = [...ctx.store.users.values()].find((u) => String(u.githubId) === githubId)
      const org = [...ctx.store.orgs.values()].find((o) => String(o.githubId) === githubId)
      found = user ? { kind: 'user', id: user.id } : org ? { kind: 'organization', id: org.id } : undefined
    } else if (login !== undefined) {
      const user = ctx.store.userByLogin(login)
      const org = ctx.store.orgByLogin(login)
      found = user ? { kind: 'user', id: user.id } : org ? { kind: 'organization', id: org.id } : undefined
    }
    if (!found) throw notFound('owner')
    const ownerId = found
    const owned = [...ctx.store.repos.values()].filter(
      (r) => r.owner.kind === ownerId.kind && r.owner.id === ownerId.id && repoVisible(r, ctx.viewer),
    )
    return repoCollection(ctx, owned)
  },
}

export const repoFind: ServiceDef = {
  name: 'Repository::Find',
  params: [],
  run(ctx) {
    return ok(renderTop(repositoryDef, findRepo(ctx), 'standard', ctx.render))
  },
}

const BUILD_FILTERS = ['state', 'event_type', 'previous_state', 'created_by']

export const buildsFind: ServiceDef = {
  name: 'Builds::Find',
  params: [...BUILD_FILTERS.flatMap((f) => [f, `build.${f}`]), 'branch.name', 'limit', 'offset', 'skip_count', 'sort_by'],
  run(ctx) {
    const repo = findRepo(ctx)
    const list = (keys: string[]): string[] | undefined => stringParam(ctx.params, ...keys)?.split(',')
    const states = list(['build.state', 'state'])
    const events = list(['build.event_type', 'event_type'])
    const previous = list(['build.previous_state', 'previous_state'])
    const creators = list(['build.created_by', 'created_by'])?.map((l) => l.toLowerCase())
    const branches = list(['branch.name'])
    const builds = ctx.store.buildsOf(repo).filter((b) => {
      const creator = ctx.store.users.get(b.createdBy)?.login.toLowerCase() ?? ''
      return (
        (!states || states.includes(b.state)) &&
        (!events || events.includes(b.eventType)) &&
        (!previous || previous.includes(b.previousState ?? '')) &&
        (!creators || creators.includes(creator)) &&
        (!branches || branches.includes(b.branch))
      )
    })
    const { sorted, warnings } = applySort(
      builds,
      stringParam(ctx.params, 'sort_by'),
      {
        id: (b) => b.id,
        created_at: (b) => b.startedAt ?? b.updatedAt,
        started_at: (b) => b.startedAt,
        finished_at: (b) => b.finishedAt,
        number: (b) => b.number,
      },
      'number:desc,id:desc',
    )
    const { page, meta } = paginate(sorted, ctx.params, { defaultLimit: 25, maxLimit: 100 })
    return ok(
      renderCollection('builds', 'builds', buildDef, page, ctx.render, ctx.location, paginationInfo(ctx.location, meta)),
      warnings,
    )
  },
}

export const buildFind: ServiceDef = {
  name: 'Build::Find',
  params: [],
  run(ctx) {
    return ok(renderTop(buildDef, findBuild(ctx), 'standard', ctx.render))
  },
}

export const jobsFind: ServiceDef = {
  name: 'Jobs::Find',
  params: [],
  run(ctx) {
    const build = findBuild(ctx)
    // Not paginated: no @pagination, every job of the build.
    return ok(renderCollection('jobs', 'jobs', jobDef, ctx.store.jobsOf(build), ctx.render, ctx.location, undefined))
  },
}

export const jobFind: ServiceDef = {
  name: 'Job::Find',
  params: [],
  run(ctx) {
    return ok(renderTop(jobDef, findJob(ctx).job, 'standard', ctx.render))
  },
}
