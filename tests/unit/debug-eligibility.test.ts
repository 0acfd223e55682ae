import { describe, expect, it } from 'vitest'
import { eligibilityOf } from '../../electron/core/debug/eligibility'
import { jobStateOf, snapshotOf } from '../../electron/core/debug/job-snapshot'
import type { V3Job, V3Repository } from '../../electron/core/travis/v3-types'

/** Shapes as GET /job/{id} and GET /repo/{id} send them, trimmed to what is read. */
const job = (fields: Partial<V3Job> = {}): V3Job => ({
  '@type': 'job',
  id: 8,
  number: '3.1',
  state: 'failed',
  '@permissions': { read: true, cancel: true, restart: true, debug: true, delete_log: true, view_log: true, prioritize: false },
  ...fields,
})
const repo = (fields: Partial<V3Repository> = {}): V3Repository => ({
  '@type': 'repository',
  id: 1,
  name: 'app',
  slug: 'octo/app',
  private: true,
  '@permissions': { read: true, build_debug: true },
  ...fields,
})

describe('debug eligibility', () => {
  it('a finished job of a private repository, with the permission, is available', () => {
    const result = eligibilityOf(job(), repo(), 'octocat', false)
    expect(result.eligibility).toBe('available')
    expect(result.message).toMatch(/^Job #3\.1 of octo\/app can be restarted in debug mode\./)
  })

  it.each(['failed', 'started'])('a Windows job (%s) is never available: Travis has no debug mode there, so nothing is to be cancelled for it either', (state) => {
    const result = eligibilityOf(job({ state, config: { os: 'windows' } }), repo(), 'octocat', false)
    expect(result.eligibility).toBe('unsupported_os')
    expect(result.message).toMatch(/^Job #3\.1 runs on Windows, and Travis does not support debug mode on Windows\./)
    expect(eligibilityOf(job({ config: { os: 'linux' } }), repo(), 'octocat', false).eligibility).toBe('available')
  })

  it.each(['ppc64le', 's390x'])('a %s job is never available: the debug tools fetch an amd64 tmate, so no SSH command would appear', (arch) => {
    const result = eligibilityOf(job({ config: { os: 'linux', arch } }), repo(), 'octocat', false)
    expect(result.eligibility).toBe('unsupported_os')
    expect(result.message).toMatch(new RegExp(`^Job #3\\.1 runs on ${arch}: Travis's debug tools start tmate built for amd64`))
    expect(eligibilityOf(job({ config: { os: 'linux', arch: 'arm64' } }), repo(), 'octocat', false).eligibility).toBe('available')
    expect(eligibilityOf(job({ config: { os: 'linux', arch: 'amd64' } }), repo(), 'octocat', false).eligibility).toBe('available')
  })

  it('cancel, then debug, or a job cancelled before: the message says the job will end errored after the session', () => {
    const running = eligibilityOf(job({ state: 'started' }), repo(), 'octocat', false)
    expect(running.message).toMatch(/Cancel, then debug.*ends errored/s)
    const canceled = eligibilityOf(job({ state: 'canceled' }), repo(), 'octocat', false)
    expect(canceled.eligibility).toBe('available')
    expect(canceled.message).toMatch(/was cancelled, so after the session it ends errored \("Done\. Your build exited with 86\."\)/)
    expect(eligibilityOf(job({ state: 'failed' }), repo(), 'octocat', false).message).not.toMatch(/errored/)
  })

  it('travis-ci.org is read-only whatever the job', () => {
    expect(eligibilityOf(job({ state: 'started' }), repo(), 'octocat', true)).toMatchObject({ eligibility: 'read_only_endpoint' })
    expect(eligibilityOf(job(), repo(), 'octocat', true).message).toMatch(/read-only since June 2021.*travis-ci\.com account/)
  })

  it.each(['created', 'queued', 'received', 'started', undefined])('a job that is %s is running: cancel first or wait', (state) => {
    const result = eligibilityOf(job({ state }), repo(), 'octocat', false)
    expect(result.eligibility).toBe('running')
    expect(result.message).toContain('Cancel it first ("Cancel, then debug"), or wait until it finishes.')
  })

  it('no debug permission on the job: ask an admin', () => {
    const result = eligibilityOf(job({ '@permissions': { debug: false } }), repo(), 'bob', false)
    expect(result).toMatchObject({ eligibility: 'no_permission' })
    expect(result.message).toMatch(/^@bob lacks debug access to octo\/app .*Ask an admin/)
  })

  it('without the job permission in the answer, the repository build_debug decides', () => {
    expect(eligibilityOf(job({ '@permissions': undefined }), repo({ '@permissions': { build_debug: false } }), 'bob', false).eligibility).toBe('no_permission')
    expect(eligibilityOf(job({ '@permissions': undefined }), repo({ '@permissions': undefined }), 'bob', false).eligibility).toBe('available')
  })

  it('a public repository needs Travis support, and the user may try anyway', () => {
    const result = eligibilityOf(job(), repo({ private: false }), 'octocat', false)
    expect(result.eligibility).toBe('public_needs_support')
    expect(result.message).toBe(
      'octo/app is public: Travis enables debug mode for public repositories only on request to its support (support@travis-ci.com). If support enabled it for this repository, try anyway.',
    )
  })

  it('no permission is told before "public": it is what the user can act on', () => {
    expect(eligibilityOf(job({ '@permissions': { debug: false } }), repo({ private: false }), 'carol', false).eligibility).toBe('no_permission')
  })
})

describe('job snapshots', () => {
  it('keeps what tells a new run from the old one', () => {
    const snapshot = snapshotOf(job({ restarted_at: '2026-01-01T10:00:00Z', started_at: '2026-01-01T10:01:00Z', finished_at: null }))
    expect(snapshot).toEqual({ state: 'failed', restartedAt: '2026-01-01T10:00:00Z', startedAt: '2026-01-01T10:01:00Z', finishedAt: null })
  })

  it('reads an absent or unknown state as created, as v3 renders a null state', () => {
    expect(jobStateOf(undefined)).toBe('created')
    expect(jobStateOf('booting')).toBe('created')
    expect(jobStateOf('received')).toBe('received')
  })
})
