// Field tables of the rendered types, in the key order of the reference's examples.
import type { BuildRecord, CommitRecord, JobRecord, LogRecord, OrgRecord, RepoRecord, UserRecord } from './model'
import {
  buildPermissions,
  jobPermissions,
  logPermissions,
  repoPermissions,
} from './permissions'
import { type ModelDef, type RenderContext, nest } from './render'
import { logTokenFor } from './seed'
import { slugOf } from './store'
import { formatTime, formatTimeMs } from './time'

function ownerOf(repo: RepoRecord, ctx: RenderContext): UserRecord | OrgRecord | undefined {
  return ctx.store.owner(repo.owner)
}

function ownerHref(repo: RepoRecord, prefix: string): string {
  return `${prefix}/${repo.owner.kind === 'user' ? 'user' : 'org'}/${repo.owner.id}`
}

function unknownField(type: string, name: string): never {
  throw new Error(`emulator: ${type} has no field ${name}`)
}

export const userDef: ModelDef<UserRecord> = {
  type: 'user',
  href: (u, prefix) => `${prefix}/user/${u.id}`,
  representations: {
    minimal: ['id', 'login'],
    standard: [
      'id', 'login', 'name', 'email', 'github_id', 'vcs_id', 'vcs_type', 'avatar_url', 'is_syncing', 'synced_at',
      'education', 'allow_migration', 'trial_allowed', 'internal', 'allowance', 'custom_keys', 'account_env_vars',
      'recently_signed_up', 'secure_user_hash', 'ro_mode', 'confirmed_at', 'last_activity_at', 'memberships',
    ],
  },
  extra: ['emails', 'repositories'],
  permissions: (u, ctx) => ({ read: true, sync: ctx.viewer.user?.id === u.id }),
  field(u, name, ctx) {
    const self = ctx.viewer.user?.id === u.id
    switch (name) {
      case 'id': return u.id
      case 'login': return u.login
      case 'name': return u.name
      case 'email': return self ? u.email : null
      case 'emails': return self ? [u.email] : []
      case 'github_id': return u.githubId
      case 'vcs_id': return String(u.githubId)
      case 'vcs_type': return 'GithubUser'
      case 'avatar_url': return u.avatarUrl
      case 'is_syncing': return false
      case 'synced_at': return formatTime(u.createdAt + 3_600_000)
      case 'education': return false
      case 'allow_migration': return false
      case 'trial_allowed': return false
      case 'internal': return false
      case 'allowance': return { '@type': 'allowance', '@representation': 'minimal', id: u.id }
      case 'custom_keys': return []
      case 'account_env_vars': return []
      case 'recently_signed_up': return false
      case 'secure_user_hash': return null
      case 'ro_mode': return u.roMode
      case 'confirmed_at': return ctx.flavour === 'enterprise' ? '2000-01-01T00:00:00Z' : null
      case 'last_activity_at': return formatTime(u.createdAt + 300 * 86_400_000)
      case 'memberships':
        return [...ctx.store.orgs.values()]
          .filter((o) => o.members.includes(u.id))
          .map((o) => ({ '@type': 'membership', '@representation': 'minimal', organization_id: o.id, build_permission: true }))
      case 'repositories': return []
      default: return unknownField('user', name)
    }
  },
}

interface BranchRef {
  repo: RepoRecord
  name: string
}

export const branchDef: ModelDef<BranchRef> = {
  type: 'branch',
  href: (b, prefix) => `${prefix}/repo/${b.repo.id}/branch/${encodeURIComponent(b.name)}`,
  representations: { minimal: ['name'], standard: ['name', 'repository', 'default_branch', 'exists_on_github'] },
  extra: ['last_build'],
  field(b, name) {
    switch (name) {
      case 'name': return b.name
      case 'repository': return nest(repositoryDef, b.repo)
      case 'default_branch': return b.name === b.repo.defaultBranch
      case 'exists_on_github': return true
      case 'last_build': return null
      default: return unknownField('branch', name)
    }
  },
}

export const commitDef: ModelDef<CommitRecord> = {
  type: 'commit',
  href: () => undefined,
  representations: {
    minimal: ['id', 'sha', 'ref', 'message', 'compare_url', 'committed_at'],
    standard: ['id', 'sha', 'ref', 'message', 'compare_url', 'committed_at'],
  },
  extra: [],
  field(c, name) {
    switch (name) {
      case 'id': return c.id
      case 'sha': return c.sha
      case 'ref': return c.ref
      case 'message': return c.message
      case 'compare_url': return c.compareUrl
      case 'committed_at': return formatTime(c.committedAt)
      default: return unknownField('commit', name)
    }
  },
}

export const repositoryDef: ModelDef<RepoRecord> = {
  type: 'repository',
  href: (r, prefix) => `${prefix}/repo/${r.id}`,
  representations: {
    minimal: ['id', 'name', 'slug'],
    standard: [
      'id', 'name', 'slug', 'description', 'github_id', 'vcs_id', 'vcs_type', 'owner_name', 'vcs_name',
      'github_language', 'active', 'private', 'server_type', 'shared', 'scan_failed_at', 'owner', 'default_branch',
      'starred', 'active_on_org', 'managed_by_installation', 'migration_status', 'history_migration_status',
      'config_validation', 'build_count',
    ],
    list: ['id', 'name', 'slug', 'active', 'private', 'owner', 'vcs_id', 'vcs_type', 'server_type'],
  },
  extra: ['current_build', 'last_started_build', 'email_subscribed', 'allow_migration'],
  permissions: (r, ctx) => repoPermissions(r, ctx.viewer),
  field(r, name, ctx) {
    switch (name) {
      case 'id': return r.id
      case 'name': return r.name
      case 'slug': return slugOf(r)
      case 'description': return r.description
      case 'github_id': return r.githubId
      case 'vcs_id': return String(r.githubId)
      case 'vcs_type': return 'GithubRepository'
      case 'owner_name': return r.ownerLogin
      case 'vcs_name': return r.name
      case 'github_language': return r.githubLanguage
      case 'active': return r.active
      case 'private': return r.private
      case 'server_type': return 'git'
      case 'shared': return false
      case 'scan_failed_at': return null
      case 'owner': {
        // Not a normal minimal object: no @representation, @href last.
        const owner = ownerOf(r, ctx)
        return {
          '@type': r.owner.kind === 'user' ? 'user' : 'organization',
          id: r.owner.id,
          login: r.ownerLogin,
          ro_mode: owner?.roMode ?? false,
          '@href': ownerHref(r, ctx.prefix),
        }
      }
      case 'default_branch': return nest(branchDef, { repo: r, name: r.defaultBranch })
      case 'starred': return false
      case 'active_on_org': return null
      case 'managed_by_installation': return r.managedByInstallation
      case 'migration_status': return r.migrationStatus
      case 'history_migration_status': return null
      case 'config_validation': return false
      case 'build_count': return ctx.store.buildsOf(r).length
      case 'current_build':
      case 'last_started_build': return nest(buildDef, ctx.store.lastStartedBuild(r))
      case 'email_subscribed': return true
      case 'allow_migration': return false
      default: return unknownField('repository', name)
    }
  },
}

function durationSeconds(b: BuildRecord): number | null {
  return b.startedAt !== null && b.finishedAt !== null ? Math.round((b.finishedAt - b.startedAt) / 1000) : null
}

const BUILD_MINIMAL = [
  'id', 'number', 'state', 'duration', 'event_type', 'previous_state', 'pull_request_title',
  'pull_request_number', 'started_at', 'finished_at', 'private', 'priority',
] as const

export const buildDef: ModelDef<BuildRecord> = {
  type: 'build',
  href: (b, prefix) => `${prefix}/build/${b.id}`,
  representations: {
    minimal: BUILD_MINIMAL,
    standard: [...BUILD_MINIMAL, 'repository', 'branch', 'tag', 'commit', 'jobs', 'stages', 'created_by', 'updated_at'],
  },
  extra: ['request', 'log_complete'],
  permissions: (b, ctx) => {
    const repo = ctx.store.repos.get(b.repoId)
    return repo ? buildPermissions(repo, ctx.viewer) : {}
  },
  field(b, name, ctx) {
    const repo = ctx.store.repos.get(b.repoId)
    switch (name) {
      case 'id': return b.id
      case 'number': return String(b.number)
      case 'state': return b.state
      case 'duration': return durationSeconds(b)
      case 'event_type': return b.eventType
      case 'previous_state': return b.previousState
      case 'pull_request_title': return b.pullRequestTitle
      case 'pull_request_number': return b.pullRequestNumber
      case 'started_at': return formatTime(b.startedAt)
      case 'finished_at': return formatTime(b.finishedAt)
      case 'private': return repo?.private ?? false
      case 'priority': return false
      case 'repository': return nest(repositoryDef, repo)
      case 'branch': return repo ? nest(branchDef, { repo, name: b.branch }) : null
      case 'tag': return null
      case 'commit': return nest(commitDef, b.commit)
      case 'jobs': {
        // Any job.* include asks for full jobs.
        const full = ctx.include.some((i) => i.startsWith('job.'))
        return ctx.store.jobsOf(b).map((j) => nest(jobDef, j, full ? 'standard' : undefined))
      }
      case 'stages': return []
      case 'created_by': {
        const user = ctx.store.users.get(b.createdBy)
        return user
          ? { '@type': 'user', '@href': `${ctx.prefix}/user/${user.id}`, '@representation': 'minimal', id: user.id, login: user.login }
          : null
      }
      case 'updated_at': return formatTimeMs(b.updatedAt)
      case 'request': return null
      case 'log_complete': return b.finishedAt !== null
      default: return unknownField('build', name)
    }
  },
}

export const jobDef: ModelDef<JobRecord> = {
  type: 'job',
  href: (j, prefix) => `${prefix}/job/${j.id}`,
  representations: {
    minimal: ['id'],
    standard: [
      'id', 'allow_failure', 'number', 'state', 'started_at', 'finished_at', 'build', 'queue', 'repository', 'commit',
      'owner', 'stage', 'created_at', 'updated_at', 'private', 'restarted_at', 'restarted_by', 'vm_size',
    ],
  },
  extra: ['config', 'log_complete'],
  permissions: (j, ctx) => {
    const repo = ctx.store.repos.get(j.repoId)
    return repo ? jobPermissions(repo, ctx.viewer) : {}
  },
  field(j, name, ctx) {
    const repo = ctx.store.repos.get(j.repoId)
    const build = ctx.store.builds.get(j.buildId)
    switch (name) {
      case 'id': return j.id
      case 'allow_failure': return j.allowFailure
      case 'number': return j.number
      case 'state': return j.state
      case 'started_at': return formatTime(j.startedAt)
      case 'finished_at': return formatTime(j.finishedAt)
      case 'build': return nest(buildDef, build)
      case 'queue': return j.queue
      case 'repository': return nest(repositoryDef, repo)
      case 'commit': return build ? nest(commitDef, build.commit) : null
      case 'owner': {
        if (!repo) return null
        const owner = ownerOf(repo, ctx)
        return {
          '@type': repo.owner.kind === 'user' ? 'user' : 'organization',
          '@href': ownerHref(repo, ctx.prefix),
          '@representation': 'minimal',
          id: repo.owner.id,
          login: repo.ownerLogin,
          name: owner?.name ?? null,
          vcs_type: repo.owner.kind === 'user' ? 'GithubUser' : 'GithubOrganization',
          ro_mode: owner?.roMode ?? false,
        }
      }
      case 'stage': return null
      case 'created_at': return formatTimeMs(j.createdAt)
      case 'updated_at': return formatTimeMs(j.updatedAt)
      case 'private': return repo?.private ?? false
      case 'restarted_at': return formatTime(j.restartedAt)
      case 'restarted_by': {
        const user = j.restartedBy === null ? undefined : ctx.store.users.get(j.restartedBy)
        return user ? { '@type': 'user', '@representation': 'minimal', id: user.id, login: user.login } : null
      }
      case 'vm_size': return null
      case 'config': return { ...j.config }
      case 'log_complete': return j.finishedAt !== null
      default: return unknownField('job', name)
    }
  },
}

/** A log as rendered: content is null when empty or whitespace only. */
export function logContent(log: LogRecord): string | null {
  const content = [...log.parts].sort((a, b) => a.number - b.number).map((p) => p.content).join('')
  return content.trim() === '' ? null : content
}

export interface LogView {
  log: LogRecord
  job: JobRecord
  repo: RepoRecord
}

export const logDef: ModelDef<LogView> = {
  type: 'log',
  href: (v, prefix) => `${prefix}/job/${v.job.id}/log`,
  representations: { standard: ['id', 'content', 'log_parts'] },
  extra: [],
  permissions: (v, ctx) => logPermissions(v.job, v.repo, ctx.viewer),
  field(v, name) {
    switch (name) {
      case 'id': return v.log.id
      case 'content': return logContent(v.log)
      case 'log_parts':
        return [...v.log.parts]
          .sort((a, b) => a.number - b.number)
          .map((p) => ({ content: p.content, final: p.final, number: p.number }))
      default: return unknownField('log', name)
    }
  },
}

/**
 * `@raw_log_href`: always `/v3`-based (after any enterprise mount point), with `?log.token=` when
 * the repo is private or the instance is Enterprise.
 */
export function rawLogHref(view: LogView, mount: string, enterprise: boolean): string {
  const path = `${mount}/v3/job/${view.job.id}/log.txt`
  return view.repo.private || enterprise ? `${path}?log.token=${logTokenFor(view.job.id)}` : path
}
