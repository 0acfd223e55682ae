import { z } from 'zod'

/**
 * The parts of Travis API v3 answers Shipmate reads, checked when they arrive so that the rest of
 * the app can trust their types. Objects are not strict: Travis adds fields over time, and nested
 * objects come in their minimal form, or as a bare `{"@href"}` when the same object appears higher
 * up the answer, so only what is read is declared and nested fields are optional. A field Travis
 * may send as null is nullable; one it may leave out is optional.
 */

/**
 * A page holds at most 100 entries (Travis's largest `limit`), and a build's matrix at most a few
 * hundred jobs. A list ten times longer does not come from Travis, and is refused before its
 * entries are looked at.
 */
export const MAX_LIST_ENTRIES = 1000

const id = z.int().min(1)
const count = z.int().nonnegative()
const permissions = z.record(z.string(), z.boolean())
/**
 * Links are paths on the API host (`/repo/1/builds?offset=25`). The client puts them after the
 * host's origin, so a link that is not a plain path could point the token elsewhere.
 */
const href = z.string().regex(/^\/(?!\/)/, { error: 'should be a path on the API host' })

/** A list whose length is checked before its entries, so a huge hostile list costs no more than a long one. */
function list<T extends z.ZodType>(entry: T) {
  return z.array(z.unknown()).max(MAX_LIST_ENTRIES).pipe(z.array(entry))
}

const named = z.object({ name: z.string().optional() })

/** A repository as other objects embed it: minimal (`id`, `name`, `slug`) or just its `@href`. */
const repositoryRef = z.object({ id: id.optional(), name: z.string().optional(), slug: z.string().optional() })
/** A build as a job embeds it: minimal, or just its `@href`. */
const buildRef = z.object({ id: id.optional(), number: z.string().optional(), state: z.string().optional() })

export const v3User = z.object({
  '@type': z.literal('user'),
  id,
  login: z.string(),
  name: z.string().nullable().default(null),
  avatar_url: z.string().nullable().default(null),
})

export const v3Repository = z.object({
  '@type': z.literal('repository'),
  id,
  name: z.string(),
  slug: z.string(),
  description: z.string().nullish(),
  private: z.boolean().optional(),
  active: z.boolean().nullish(),
  owner: z.object({ login: z.string().optional() }).optional(),
  owner_name: z.string().optional(),
  default_branch: named.nullish(),
  migration_status: z.string().nullish(),
  '@permissions': permissions.optional(),
})

export const v3Build = z.object({
  '@type': z.literal('build'),
  id,
  number: z.string(),
  state: z.string(),
  duration: z.number().nullish(),
  event_type: z.string().nullish(),
  pull_request_number: z.int().nullish(),
  pull_request_title: z.string().nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  private: z.boolean().optional(),
  repository: repositoryRef.optional(),
  branch: named.nullish(),
  tag: named.nullish(),
  commit: z.object({ sha: z.string().optional(), message: z.string().nullish(), ref: z.string().nullish() }).nullish(),
  created_by: z.object({ login: z.string().optional() }).nullish(),
  '@permissions': permissions.optional(),
})

/** A job; a minimal one carries only its id, and v3 shows a job whose state is unset as `created`. */
export const v3Job = z.object({
  '@type': z.literal('job'),
  id,
  number: z.string().optional(),
  state: z.string().optional(),
  allow_failure: z.boolean().optional(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  restarted_at: z.string().nullish(),
  queue: z.string().nullish(),
  private: z.boolean().optional(),
  build: buildRef.optional(),
  repository: repositoryRef.optional(),
  stage: named.nullish(),
  /** With `include=job.config`: the job's part of .travis.yml, whose shape is the user's. */
  config: z.record(z.string(), z.unknown()).optional(),
  '@permissions': permissions.optional(),
})

/** One stored piece of a job log; a running job's log is numbered parts, an archived one is part 0. */
export const v3LogPart = z.object({
  number: z.int().nonnegative(),
  content: z.string().nullable(),
  final: z.boolean().optional(),
})

/**
 * `content` is null while the log is empty, e.g. right after a restart cleared it. A long log has
 * many parts (a few kilobytes each), so the list may be far longer than other lists.
 */
export const v3Log = z.object({
  '@type': z.literal('log'),
  content: z.string().nullable(),
  log_parts: z.array(z.unknown()).max(100_000).pipe(z.array(v3LogPart)).optional(),
})

/** The 202 answer to a debug, cancel or restart request. */
export const v3Pending = z.object({
  '@type': z.literal('pending'),
  state_change: z.string(),
  job: z.object({ id: id.optional() }).optional(),
})

export const v3Pagination = z.object({
  limit: z.int().min(1),
  offset: count,
  count,
  is_first: z.boolean(),
  is_last: z.boolean(),
  next: z.object({ '@href': href, offset: count, limit: z.int().min(1) }).nullable(),
})

export const v3Repositories = z.object({
  '@type': z.literal('repositories'),
  '@pagination': v3Pagination.optional(),
  repositories: list(v3Repository),
})

export const v3Builds = z.object({
  '@type': z.literal('builds'),
  '@pagination': v3Pagination.optional(),
  builds: list(v3Build),
})

/** `/build/{id}/jobs` is not paginated. */
export const v3Jobs = z.object({
  '@type': z.literal('jobs'),
  jobs: list(v3Job),
})
