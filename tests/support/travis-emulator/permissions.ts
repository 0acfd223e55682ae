// Who may see and do what. Visibility: public repos are visible to everybody (public mode), private
// ones to users with a role on them. Write access (cancel/restart/debug) is push or admin. Note
// that `debug` here is only the permission: whether debug tools are enabled is a separate check
// so a public repo can show `"debug": true` and still refuse the POST.
import type { JobRecord, RepoRecord, RepoRole, UserRecord } from './model'

export interface Viewer {
  user: UserRecord | undefined
  /** Set when the request authenticated with `?log.token=`: it opens exactly this job's log. */
  logTokenJobId: number | undefined
}

export function roleOf(repo: RepoRecord, viewer: Viewer): RepoRole | undefined {
  return viewer.user ? repo.roles.get(viewer.user.id) : undefined
}

export function repoVisible(repo: RepoRecord, viewer: Viewer): boolean {
  return !repo.private || roleOf(repo, viewer) !== undefined
}

export function canWrite(repo: RepoRecord, viewer: Viewer): boolean {
  const role = roleOf(repo, viewer)
  return role === 'push' || role === 'admin'
}

export function logVisible(job: JobRecord, repo: RepoRecord, viewer: Viewer): boolean {
  if (viewer.logTokenJobId !== undefined) return viewer.logTokenJobId === job.id
  return repoVisible(repo, viewer)
}

export function repoPermissions(repo: RepoRecord, viewer: Viewer): Record<string, boolean> {
  const role = roleOf(repo, viewer)
  const read = repoVisible(repo, viewer)
  const write = role === 'push' || role === 'admin'
  const admin = role === 'admin'
  return {
    read,
    activate: admin,
    deactivate: admin,
    migrate: admin,
    star: role !== undefined,
    unstar: role !== undefined,
    create_request: write,
    create_cron: write,
    create_env_var: write,
    create_key_pair: admin,
    delete_key_pair: admin,
    check_scan_results: write,
    build_cancel: write,
    build_create: write,
    build_debug: write,
    build_restart: write,
    cache_delete: write,
    cache_view: write,
    settings_create: write,
    settings_delete: write,
    settings_read: read,
    settings_update: write,
    log_delete: write,
    log_view: read,
    admin,
  }
}

export function buildPermissions(repo: RepoRecord, viewer: Viewer): Record<string, boolean> {
  const write = canWrite(repo, viewer)
  return { read: repoVisible(repo, viewer), cancel: write, restart: write, prioritize: false }
}

export function jobPermissions(repo: RepoRecord, viewer: Viewer): Record<string, boolean> {
  const write = canWrite(repo, viewer)
  return {
    read: repoVisible(repo, viewer),
    cancel: write,
    restart: write,
    debug: write,
    delete_log: write,
    view_log: repoVisible(repo, viewer),
    prioritize: false,
  }
}

export function logPermissions(job: JobRecord, repo: RepoRecord, viewer: Viewer): Record<string, boolean> {
  const write = canWrite(repo, viewer)
  const read = logVisible(job, repo, viewer)
  return { read, cancel: write, restart: write, debug: write, delete_log: write, view_log: read }
}

/** Debug tools: always on private repos; public ones need the `debug_tools` flag (support). */
export function debugToolsEnabled(repo: RepoRecord): boolean {
  return repo.private || repo.debugToolsFlag
}
