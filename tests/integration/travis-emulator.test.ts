// The Travis API v3 emulator, exercised over real HTTP: routes, envelopes, the quirks of
// Travis API v3 as it answers, faults, rate limiting, control and the debug life timeline.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED, type TravisEmulator, logTokenFor, startTravisEmulator } from '../support/travis-emulator'

const ESC = '\x1b'
const alice = SEED.users.alice.token
const bob = SEED.users.bob.token
const carol = SEED.users.carol.token

interface CallOptions {
  /** null = no Authorization header; default alice. */
  token?: string | null
  method?: string
  body?: string
  headers?: Record<string, string>
  /** Send `Travis-API-Version: 3` (default true). */
  v3?: boolean
}

interface Response {
  status: number
  headers: Headers
  text: string
  json: unknown
}

async function call(base: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.v3 !== false) headers['Travis-API-Version'] = '3'
  const token = options.token === undefined ? alice : options.token
  if (token !== null) headers.Authorization = `token ${token}`
  const res = await fetch(base + path, { method: options.method ?? 'GET', headers, body: options.body })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** Walks into parsed JSON: at(body, 'repositories', 0, 'slug'). */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

const ANSI = new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g')
const stripAnsi = (text: string): string => text.replace(ANSI, '').replace(/\r/g, '')

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}

const STEP = 40

describe('travis emulator', () => {
  let emu: TravisEmulator
  let base: string

  beforeAll(async () => {
    emu = await startTravisEmulator({ timeline: { stepMs: STEP, dotEveryMs: 60 } })
    base = emu.url
  })

  afterAll(async () => {
    await emu.close()
  })

  describe('routing and envelopes', () => {
    it('answers GET /user with the standard user and the exact headers', async () => {
      const res = await call(base, '/user')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(res.text)))
      expect(res.headers.get('x-endpoint')).toBe('Travis::API::V3::Services::User::Current')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(res.text).toContain('\n  "@type": "user",\n')
      expect(res.json).toMatchObject({
        '@type': 'user',
        '@href': '/user/1',
        '@representation': 'standard',
        '@permissions': { read: true, sync: true },
        id: 1,
        login: 'alice',
        email: 'alice@example.com',
        vcs_type: 'GithubUser',
      })
    })

    it('routes to v3 by /v3 prefix (hrefs carry /v3) and by the vnd Accept type', async () => {
      const prefixed = await call(base, '/v3/job/700001', { v3: false })
      expect(at(prefixed.json, '@href')).toBe('/v3/job/700001')
      expect(at(prefixed.json, 'build', '@href')).toBe('/v3/build/500001')
      const accepted = await call(base, '/job/700001', { v3: false, headers: { Accept: 'application/vnd.travis-ci.3+json' } })
      expect(at(accepted.json, '@href')).toBe('/job/700001')
      const redirect = await fetch(`${base}/v3`, { redirect: 'manual' })
      expect(redirect.status).toBe(307)
      expect(redirect.headers.get('location')).toBe('/v3/')
    })

    it('gives a v2-looking reply without any opt-in', async () => {
      const user = await call(base, '/user', { v3: false })
      expect(user.status).toBe(404)
      expect(user.headers.get('content-type')).toBe('application/json;charset=utf-8')
      expect(user.json).toEqual({ file: 'not found' })
      const repos = await call(base, '/repos', { v3: false })
      expect(repos.status).toBe(200)
      expect(at(repos.json, '@type')).toBeUndefined()
      expect(list(at(repos.json, 'repos')).length).toBeGreaterThan(0)
      const version2 = await call(base, '/user', { v3: false, headers: { 'Travis-API-Version': '2' } })
      expect(version2.json).toEqual({ file: 'not found' })
    })

    it('answers a CORS preflight', async () => {
      const res = await fetch(`${base}/job/1/debug`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' },
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(res.headers.get('access-control-allow-headers')).toContain('Travis-API-Version')
      expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    })

    it('404s an unknown route and 405s a wrong verb', async () => {
      const missing = await call(base, '/nothing/here')
      expect(missing.status).toBe(404)
      expect(missing.json).toEqual({
        '@type': 'error',
        error_type: 'not_found',
        error_message: 'resource not found (or insufficient access)',
      })
      const wrongVerb = await call(base, '/job/700001/debug')
      expect(wrongVerb.status).toBe(405)
      expect(wrongVerb.json).toEqual({ '@type': 'error', error_type: 'method_not_allowed', error_message: 'method not allowed' })
    })

    it('warns about unknown query parameters first, and about invalid sort modes', async () => {
      const res = await call(base, '/repos?foo=bar&sort_by=nope&limit=1')
      const keys = Object.keys(res.json as object)
      expect(keys[0]).toBe('@warnings')
      expect(at(res.json, '@warnings')).toEqual([
        {
          '@type': 'warning',
          message: 'query value nope for sort_by not a valid sort mode, ignored',
          warning_type: 'ignored_value',
          parameter: 'sort_by',
          value: 'nope',
        },
        {
          '@type': 'warning',
          message: 'query parameter foo not safelisted, ignored',
          warning_type: 'ignored_parameter',
          parameter: 'foo',
        },
      ])
    })

    it('validates include', async () => {
      const bad = await call(base, '/job/700001?include=config')
      expect(bad.status).toBe(400)
      expect(at(bad.json, 'error_message')).toBe('illegal format for include parameter')
      const unknown = await call(base, '/job/700001?include=job.nope')
      expect(at(unknown.json, 'error_message')).toBe('no field "job.nope" to include')
    })
  })

  describe('repositories and pagination', () => {
    it('walks 250+ repositories by following @pagination.next until is_last', async () => {
      const first = await call(base, '/repos')
      const pagination = at(first.json, '@pagination')
      expect(pagination).toMatchObject({ limit: 100, offset: 0, is_first: true, is_last: false, prev: null })
      expect(at(pagination, 'first')).toEqual({ '@href': '/repos', offset: 0, limit: 100 })
      expect(at(pagination, 'next')).toEqual({ '@href': '/repos?limit=100&offset=100', offset: 100, limit: 100 })
      const count = Number(at(pagination, 'count'))
      expect(count).toBeGreaterThanOrEqual(256)
      const slugs: string[] = []
      let page = first
      let pages = 0
      for (;;) {
        pages++
        for (const repo of list(at(page.json, 'repositories'))) slugs.push(String(at(repo, 'slug')))
        if (at(page.json, '@pagination', 'is_last') === true) break
        page = await call(base, String(at(page.json, '@pagination', 'next', '@href')))
      }
      expect(pages).toBe(Math.ceil(count / 100))
      expect(slugs).toHaveLength(count)
      expect(new Set(slugs).size).toBe(count)
      expect(at(page.json, '@pagination', 'next')).toBeNull()
    })

    it('renders pagination links like Travis, prev included', async () => {
      const res = await call(base, '/repos?limit=10&offset=5')
      expect(at(res.json, '@pagination')).toMatchObject({
        limit: 10,
        offset: 5,
        is_first: false,
        prev: { '@href': '/repos?limit=5&offset=0', offset: 0, limit: 5 },
        first: { '@href': '/repos?limit=10&offset=0', offset: 0, limit: 10 },
      })
      const fancy = await call(base, '/repos?repository.private=true&limit=10')
      expect(at(fancy.json, '@pagination', 'next', '@href')).toBe('/repos?limit=10&offset=10&repository.private=true')
    })

    it('validates limit/offset the Ruby way and caps limit at 100', async () => {
      const bad = await call(base, '/repos?limit=ten')
      expect(bad.status).toBe(400)
      expect(bad.json).toEqual({ '@type': 'error', error_type: 'wrong_params', error_message: 'limit must be an integer' })
      const badOffset = await call(base, '/repos?offset=1.5')
      expect(at(badOffset.json, 'error_message')).toBe('offset must be an integer')
      expect(at((await call(base, '/repos?limit=500')).json, '@pagination', 'limit')).toBe(100)
      expect(at((await call(base, '/repos?limit=0')).json, '@pagination', 'limit')).toBe(100)
      expect(at((await call(base, '/repos?limit=0x10')).json, '@pagination', 'limit')).toBe(16)
      expect(at((await call(base, '/repos?limit=3&offset=-4')).json, '@pagination', 'offset')).toBe(0)
    })

    it('filters and sorts repositories', async () => {
      const priv = await call(base, '/repos?repository.private=true&limit=100')
      expect(list(at(priv.json, 'repositories')).every((r) => at(r, 'private') === true)).toBe(true)
      const plain = await call(base, '/repos?private=false&limit=100')
      expect(list(at(plain.json, 'repositories')).every((r) => at(r, 'private') === false)).toBe(true)
      const inactive = await call(base, '/repos?repository.active=false')
      expect(list(at(inactive.json, 'repositories')).every((r) => at(r, 'active') === false)).toBe(true)
      const named = await call(base, '/repos?repository.name_filter=public')
      expect(list(at(named.json, 'repositories')).map((r) => at(r, 'slug'))).toEqual(['alice/public-lib', 'alice/public-debug'])
      const sorted = await call(base, '/repos?sort_by=name:desc&limit=1')
      expect(at(sorted.json, 'repositories', 0, 'slug')).toBe('alice/public-lib')
    })

    it('lists an owner’s repositories, visible ones only', async () => {
      const org = await call(base, '/owner/acme/repos')
      expect(at(org.json, 'repositories', 0, 'owner')).toEqual({
        '@type': 'organization',
        id: 10,
        login: 'acme',
        ro_mode: false,
        '@href': '/org/10',
      })
      const anonymous = await call(base, '/owner/alice/repos?limit=100', { token: null })
      expect(list(at(anonymous.json, 'repositories')).every((r) => at(r, 'private') === false)).toBe(true)
      const unknown = await call(base, '/owner/nobody/repos')
      expect(unknown.json).toEqual({
        '@type': 'error',
        error_type: 'not_found',
        error_message: 'owner not found (or insufficient access)',
        resource_type: 'owner',
      })
    })

    it('finds a repository by id and by URL-encoded slug only', async () => {
      const byId = await call(base, '/repo/1')
      expect(byId.json).toMatchObject({
        '@type': 'repository',
        '@href': '/repo/1',
        slug: 'alice/private-app',
        private: true,
        default_branch: { '@type': 'branch', '@href': '/repo/1/branch/master', '@representation': 'minimal', name: 'master' },
      })
      expect(at(byId.json, '@permissions', 'build_debug')).toBe(true)
      expect(at((await call(base, '/repo/alice%2Fprivate-app')).json, 'id')).toBe(1)
      expect(at((await call(base, '/repo/ALICE%2fPrivate-App')).json, 'id')).toBe(1)
      expect(at((await call(base, '/repo/github/alice%2Fprivate-app')).json, 'id')).toBe(1)
      const unencoded = await call(base, '/repo/alice/private-app')
      expect(unencoded.status).toBe(404)
      expect(at(unencoded.json, 'error_message')).toBe('resource not found (or insufficient access)')
      const invisible = await call(base, '/repo/1', { token: carol })
      expect(invisible.json).toEqual({
        '@type': 'error',
        error_type: 'not_found',
        error_message: 'repository not found (or insufficient access)',
        resource_type: 'repository',
      })
    })
  })

  describe('builds and jobs', () => {
    it('pages builds 25 at a time, newest first, with filters', async () => {
      const res = await call(base, '/repo/alice%2Fprivate-app/builds')
      expect(at(res.json, '@pagination', 'limit')).toBe(25)
      expect(at(res.json, '@pagination', 'is_last')).toBe(false)
      const numbers = list(at(res.json, 'builds')).map((b) => Number(at(b, 'number')))
      expect(numbers.slice(0, 3)).toEqual([106, 105, 104])
      const failed = await call(base, '/repo/1/builds?build.state=failed&limit=100')
      expect(list(at(failed.json, 'builds')).every((b) => at(b, 'state') === 'failed')).toBe(true)
      const branch = await call(base, '/repo/1/builds?branch.name=feature/sessions&limit=100')
      expect(list(at(branch.json, 'builds')).every((b) => at(b, 'branch', 'name') === 'feature/sessions')).toBe(true)
      const oldest = await call(base, '/repo/1/builds?sort_by=number&limit=1')
      expect(at(oldest.json, 'builds', 0, 'number')).toBe('1')
    })

    it('renders a build with minimal jobs, and full ones (build already above) on include', async () => {
      const res = await call(base, `/build/${SEED.builds.matrix}`)
      expect(res.json).toMatchObject({
        '@type': 'build',
        state: 'failed',
        jobs: [{ '@type': 'job', '@representation': 'minimal', id: SEED.jobs.matrixLinux }, {}, {}, {}],
        created_by: { '@type': 'user', '@href': '/user/1', '@representation': 'minimal', id: 1, login: 'alice' },
      })
      expect(String(at(res.json, 'updated_at'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      const full = await call(base, `/build/${SEED.builds.matrix}?include=build.jobs`)
      expect(at(full.json, 'jobs', 0, '@representation')).toBe('standard')
      expect(at(full.json, 'jobs', 0, 'build')).toEqual({ '@href': `/build/${SEED.builds.matrix}` })
    })

    it('lists a build’s jobs without pagination, with config on include', async () => {
      const res = await call(base, `/build/${SEED.builds.matrix}/jobs?include=job.config`)
      expect(Object.keys(res.json as object)).not.toContain('@pagination')
      const jobs = list(at(res.json, 'jobs'))
      expect(jobs.map((j) => at(j, 'config', 'os'))).toEqual(['linux', 'osx', 'windows', 'linux'])
      expect(jobs.map((j) => at(j, 'allow_failure'))).toEqual([false, false, true, false])
      expect(at(jobs[0], 'config')).toMatchObject({ language: 'ruby', env: 'DB=postgres SECRET_TOKEN=[secure]' })
    })

    it('renders a job with times in both formats and 404s missing ones', async () => {
      const res = await call(base, `/job/${SEED.jobs.passed}`)
      expect(String(at(res.json, 'started_at'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(String(at(res.json, 'created_at'))).toMatch(/\.\d{3}Z$/)
      expect(at(res.json, '@permissions')).toEqual({
        read: true, cancel: true, restart: true, debug: true, delete_log: true, view_log: true, prioritize: false,
      })
      const missing = await call(base, '/job/1')
      expect(missing.json).toEqual({
        '@type': 'error',
        error_type: 'not_found',
        error_message: 'job not found (or insufficient access)',
        resource_type: 'job',
      })
    })
  })

  describe('logs', () => {
    it('returns JSON with content, parts and a raw href with log.token for private repos', async () => {
      const res = await call(base, `/job/${SEED.jobs.matrixLinux}/log`)
      const keys = Object.keys(res.json as object)
      expect(keys.at(-1)).toBe('@raw_log_href')
      expect(at(res.json, '@raw_log_href')).toBe(`/v3/job/${SEED.jobs.matrixLinux}/log.txt?log.token=${logTokenFor(SEED.jobs.matrixLinux)}`)
      const content = String(at(res.json, 'content'))
      expect(at(res.json, 'log_parts', 0)).toEqual({ content, final: true, number: 0 })
      expect(content).toContain('travis_fold:start:git.checkout')
      expect(content).toContain('travis_time:end:')
      expect(content).toContain(`${ESC}[31;1mThe command "bundle exec rake" exited with 1.${ESC}[0m\r\n`)
      expect(content).toMatch(/Receiving objects: {2}10% \(10\/100\)\rReceiving/)
      const publicLog = await call(base, `/job/${SEED.jobs.publicLibFailed}/log`, { token: null })
      expect(at(publicLog.json, '@raw_log_href')).toBe(`/v3/job/${SEED.jobs.publicLibFailed}/log.txt`)
    })

    it('serves text/plain for .txt and for an Accept of exactly text/plain', async () => {
      const txt = await call(base, `/job/${SEED.jobs.passed}/log.txt`)
      expect(txt.headers.get('content-type')).toBe('text/plain')
      expect(txt.text.startsWith('travis_fold:start:worker_info')).toBe(true)
      const accept = await call(base, `/job/${SEED.jobs.passed}/log`, { headers: { Accept: 'text/plain' } })
      expect(accept.text).toBe(txt.text)
      const mixed = await call(base, `/job/${SEED.jobs.passed}/log`, { headers: { Accept: 'text/plain, */*' } })
      expect(mixed.headers.get('content-type')).toBe('application/json')
      // A job that does not exist is an unrescued record-not-found in travis-api: its plain 500.
      const error = await call(base, '/job/1/log.txt')
      expect(error.status).toBe(500)
      expect(error.headers.get('content-type')).toBe('text/plain')
      expect(error.text).toBe('Sorry, we experienced an error.\n')
    })

    it('opens a private log with log.token but not with a wrong one', async () => {
      const jobId = SEED.jobs.matrixLinux
      const ok = await call(base, `/job/${jobId}/log.txt?log.token=${logTokenFor(jobId)}`, { token: null })
      expect(ok.status).toBe(200)
      const wrong = await call(base, `/job/${jobId}/log?log.token=nope`, { token: null })
      expect(wrong.json).toEqual({
        '@type': 'error',
        error_type: 'not_found',
        error_message: 'log not found (or insufficient access)',
        resource_type: 'log',
      })
      const anonymous = await call(base, `/job/${jobId}/log`, { token: null })
      expect(anonymous.status).toBe(404)
    })

    it('has a ~50k-line log', async () => {
      const res = await call(base, `/job/${SEED.jobs.bigLog}/log.txt`)
      const lines = res.text.split('\r\n').length
      expect(lines).toBeGreaterThan(48_000)
      expect(lines).toBeLessThan(55_000)
    })

    it('deletes a finished job’s log once', async () => {
      const jobId = SEED.jobs.orgAppOsx
      const denied = await call(base, `/job/${jobId}/log`, { method: 'DELETE', token: null })
      expect(at(denied.json, 'error_type')).toBe('login_required')
      const res = await call(base, `/job/${jobId}/log`, { method: 'DELETE' })
      expect(res.status).toBe(200)
      expect(String(at(res.json, 'content'))).toMatch(/^Log removed by Alice Liddell at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
      const again = await call(base, `/job/${jobId}/log`, { method: 'DELETE' })
      expect(again.status).toBe(409)
      expect(at(again.json, 'error_type')).toBe('log_already_removed')
    })
  })

  describe('authentication quirks', () => {
    it('answers an unknown token with a plain-text 403', async () => {
      const res = await call(base, '/user', { token: 'not-a-token' })
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toBe('text/plain')
      expect(res.text).toBe('access denied')
    })

    it('answers a wrong scheme with JSON wrong_credentials (the scheme is case-sensitive)', async () => {
      for (const header of [`Token ${alice}`, `Bearer ${alice}`]) {
        const res = await call(base, '/user', { token: null, headers: { Authorization: header } })
        expect(res.status).toBe(403)
        expect(res.json).toEqual({ '@type': 'error', error_type: 'wrong_credentials', error_message: 'access denied' })
      }
      const quoted = await call(base, '/user', { token: null, headers: { Authorization: `token "${alice}"` } })
      expect(quoted.status).toBe(200)
    })

    it('requires login on /user, /repos and the actions', async () => {
      for (const [method, path] of [['GET', '/user'], ['GET', '/repos'], ['POST', '/job/700001/debug'], ['POST', '/job/700001/cancel']]) {
        const res = await call(base, path ?? '', { token: null, method })
        expect(res.status).toBe(403)
        expect(res.json).toEqual({ '@type': 'error', error_type: 'login_required', error_message: 'login required' })
      }
    })

    it('rejects a token revoked later, and accepts added users', async () => {
      const added = emu.control.addUser({ login: 'dave', repos: [{ slug: 'alice/private-app', role: 'push' }] })
      expect(at((await call(base, '/user', { token: added.token })).json, 'login')).toBe('dave')
      expect((await call(base, '/repo/1', { token: added.token })).status).toBe(200)
      expect(emu.control.revokeToken(added.token)).toBe(true)
      const later = await call(base, '/user', { token: added.token })
      expect(later.status).toBe(403)
      expect(later.text).toBe('access denied')
    })
  })

  describe('job actions', () => {
    it('refuses debug on a public repo without debug tools even though @permissions.debug is true', async () => {
      const job = await call(base, `/job/${SEED.jobs.publicLibFailed}`)
      expect(at(job.json, '@permissions', 'debug')).toBe(true)
      const res = await call(base, `/job/${SEED.jobs.publicLibFailed}/debug`, {
        method: 'POST', body: '{"quiet":true}', headers: { 'Content-Type': 'application/json' },
      })
      expect(res.status).toBe(403)
      expect(res.json).toEqual({ '@type': 'error', error_type: 'wrong_credentials', error_message: 'access denied' })
    })

    it('refuses debug without push access with insufficient_access', async () => {
      const res = await call(base, `/job/${SEED.jobs.passed}/debug`, { method: 'POST', token: bob })
      expect(res.status).toBe(403)
      expect(res.json).toEqual({
        '@type': 'error',
        error_type: 'insufficient_access',
        error_message: 'operation requires debug access to job',
        resource_type: 'job',
        permission: 'debug',
        job: { '@type': 'job', '@href': `/job/${SEED.jobs.passed}`, '@representation': 'minimal', id: SEED.jobs.passed },
      })
    })

    it('409s debug/restart of a running job and cancel of a finished one', async () => {
      for (const action of ['debug', 'restart']) {
        const res = await call(base, `/job/${SEED.jobs.queued}/${action}`, { method: 'POST' })
        expect(res.status).toBe(409)
        expect(res.json).toEqual({
          '@type': 'error',
          error_type: 'job_already_running',
          error_message: 'job already running, cannot restart',
        })
      }
      const cancel = await call(base, `/job/${SEED.jobs.passed}/cancel`, { method: 'POST' })
      expect(cancel.status).toBe(409)
      expect(cancel.json).toEqual({
        '@type': 'error',
        error_type: 'job_not_cancelable',
        error_message: 'job is not running, cannot cancel',
      })
    })

    it('answers a body that claims JSON but is not with the plain 500', async () => {
      const res = await call(base, `/job/${SEED.jobs.passed}/restart`, {
        method: 'POST', body: '{quiet', headers: { 'Content-Type': 'application/json' },
      })
      expect(res.status).toBe(500)
      expect(res.headers.get('content-type')).toBe('text/plain')
      expect(res.text).toBe('Sorry, we experienced an error.\n')
    })

    it('refuses debug on a billing-blocked repo', async () => {
      const res = await call(base, `/job/${SEED.jobs.billingFailed}/debug`, { method: 'POST' })
      expect(res.status).toBe(403)
      expect(res.json).toEqual({
        '@type': 'error',
        error_type: 'error',
        error_message: 'Builds have been temporarily disabled for private repositories due to a insufficient credit balance',
      })
    })

    it('accepts a restart of a created job and restarts it asynchronously', async () => {
      const res = await call(base, `/job/${SEED.jobs.created}/restart`, { method: 'POST' })
      expect(res.status).toBe(202)
      expect(at(res.json, 'state_change')).toBe('restart')
      await emu.control.waitForPhase(SEED.jobs.created, 'finished')
      const log = await call(base, `/job/${SEED.jobs.created}/log`)
      expect(list(at(log.json, 'log_parts')).at(-1)).toMatchObject({ final: true })
    })

    it('cancels a running job: 202, then canceled with the worker’s footer', async () => {
      const res = await call(base, `/job/${SEED.jobs.running}/cancel`, { method: 'POST' })
      expect(res.status).toBe(202)
      expect(res.json).toEqual({
        '@type': 'pending',
        job: { '@type': 'job', '@href': `/job/${SEED.jobs.running}`, '@representation': 'minimal', id: SEED.jobs.running },
        state_change: 'cancel',
        resource_type: 'job',
      })
      await until(async () => (at((await call(base, `/job/${SEED.jobs.running}`)).json, 'state') === 'canceled' ? true : undefined))
      const text = (await call(base, `/job/${SEED.jobs.running}/log.txt`)).text
      expect(text.endsWith('\n\nDone: Job Cancelled\n\n')).toBe(true)
      expect(emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.running}/cancel` })).toHaveLength(1)
    })
  })

  // Each test drives its own job, so the timelines run side by side.
  describe.concurrent('debug life', () => {
    const post = (jobId: number, body: string, contentType: string | null = 'application/json'): Promise<Response> =>
      call(base, `/job/${jobId}/debug`, {
        method: 'POST',
        body,
        headers: contentType === null ? {} : { 'Content-Type': contentType },
      })
    const job = async (jobId: number): Promise<unknown> => (await call(base, `/job/${jobId}`)).json
    const logText = async (jobId: number): Promise<string> => (await call(base, `/job/${jobId}/log.txt`)).text

    it('runs the quiet happy path: states, cleared log, debug lines, session, previous state', async ({ expect }) => {
      const jobId = SEED.jobs.matrixLinux
      emu.control.scriptDebug(jobId, { ssh: () => Promise.resolve({ host: '127.0.0.1', port: 2222, token: 'tmateTok3n' }) })
      // Held at each phase, the transient states can be looked at without racing the timeline.
      emu.control.holdAt(jobId, ['accepted', 'created', 'queued', 'received'])
      const res = await post(jobId, '{"quiet": true}')
      expect(res.status).toBe(202)
      expect(res.json).toEqual({
        '@type': 'pending',
        job: { '@type': 'job', '@href': `/job/${jobId}`, '@representation': 'minimal', id: jobId },
        state_change: 'created',
        resource_type: 'job',
      })
      expect(at(await job(jobId), 'state')).toBe('failed')
      expect((await call(base, `/job/${jobId}/log`)).status).toBe(200)
      expect(emu.control.release(jobId)).toBe(true)

      await emu.control.waitForPhase(jobId, 'created')
      const created = await job(jobId)
      expect(at(created, 'state')).toBe('created')
      expect(at(created, 'restarted_at')).not.toBeNull()
      expect(at(created, 'finished_at')).toBeNull()
      expect(at(created, 'restarted_by')).toEqual({ '@type': 'user', '@representation': 'minimal', id: 1, login: 'alice' })
      // The hub clears the log in place: the record stays, its parts are gone.
      expect((await call(base, `/job/${jobId}/log`)).json).toMatchObject({ '@type': 'log', content: null, log_parts: [] })
      emu.control.release(jobId)
      await emu.control.waitForPhase(jobId, 'queued')
      expect(at(await job(jobId), 'state')).toBe('queued')
      const again = await post(jobId, '{"quiet": true}')
      expect(again.status).toBe(409)
      emu.control.release(jobId)

      await emu.control.waitForPhase(jobId, 'received')
      expect(at(await job(jobId), 'state')).toBe('received')
      expect(at((await call(base, `/job/${jobId}/log`)).json, 'content')).toBeNull()
      expect((await call(base, `/job/${jobId}/log.txt`)).text).toBe('null')
      emu.control.release(jobId)

      await emu.control.waitForPhase(jobId, 'session')
      expect(at(await job(jobId), 'state')).toBe('started')
      const log = (await call(base, `/job/${jobId}/log`)).json
      const parts = list(at(log, 'log_parts')).map((p) => String(at(p, 'content')))
      expect(parts).toContain(`${ESC}[33;1mDebug build initiated by alice${ESC}[0m\r\n`)
      expect(parts).toContain(`${ESC}[33;1mSetting up debug tools.${ESC}[0m\r\n`)
      expect(parts).toContain('Preparing debug sessions.\r\n')
      expect(parts).toContain("alias tmate='/usr/bin/tmate -S /tmp/tmate.sock' >> /home/travis/.bashrc\r\n")
      expect(parts).toContain(`${ESC}[33;1mUse the following SSH command to access the interactive debugging environment:${ESC}[0m\r\n`)
      expect(parts).toContain(`${ESC}[32;1mssh -p2222 tmateTok3n@127.0.0.1${ESC}[0m\r\n`)
      expect(parts).toContain(`This build is running in quiet mode. No session output will be displayed.${ESC}[0m\r\n`)
      expect(parts.at(-1)).toBe('.')
      // One more dot per interval while the session lives.
      const dots = new RegExp(`displayed\\.${ESC}\\[0m\\r\\n\\.{2,}$`)
      await until(async () => (dots.test(await logText(jobId)) ? true : undefined))

      expect(emu.control.endDebugSession(jobId)).toBe(true)
      await emu.control.waitForPhase(jobId, 'finished')
      const final = await job(jobId)
      expect(at(final, 'state')).toBe('failed')
      const text = await logText(jobId)
      expect(text).toMatch(/displayed\.\S+\r\n\.{2,}\r\n\r\n\S+All remaining steps/)
      expect(
        text.endsWith(
          `..\r\n\r\n${ESC}[33;1mAll remaining steps, including caching and deploy, will be skipped.${ESC}[0m\r\n` +
            `\r\n${ESC}[33;1mThis is a debug build. The build result is reset to its previous value, "failed".${ESC}[0m\r\n` +
            '\r\nDone. Your build exited with 1.\r\n',
        ),
      ).toBe(true)
      expect(list(at((await call(base, `/job/${jobId}/log`)).json, 'log_parts')).at(-1)).toMatchObject({ final: true })
      // The rejected second request still saved its debug options (Travis saves before the 409).
      expect(emu.control.jobInfo(jobId)?.debugOptions).toEqual({
        stage: 'before_install', previous_state: 'queued', created_by: 'alice', quiet: true,
      })
    })

    it('ignores {"quiet":true} without a JSON content type (echo mode)', async ({ expect }) => {
      const jobId = SEED.jobs.publicDebugFailed
      const res = await post(jobId, '{"quiet":true}', null)
      expect(res.status).toBe(202)
      expect(emu.control.jobInfo(jobId)?.debugOptions).toMatchObject({ quiet: false })
      await emu.control.waitForPhase(jobId, 'session')
      emu.control.appendLog(jobId, '$ env | wc -l\r\n42\r\n')
      const text = await logText(jobId)
      expect(text).toContain(`Output from the interactive session will be shown below:${ESC}[0m\r\n$ env | wc -l\r\n42\r\n`)
      expect(text).not.toContain('quiet mode')
      expect(stripAnsi(text)).toMatch(/^ssh [A-Za-z0-9]{25}@nyc1\.tmate\.io$/m)
      emu.control.endDebugSession(jobId)
      await emu.control.waitForPhase(jobId, 'finished')
      expect(at(await job(jobId), 'state')).toBe('failed')
    })

    it('cancels during the session: canceled, with the worker footer', async ({ expect }) => {
      const jobId = SEED.jobs.orgAppLinux
      expect((await post(jobId, '{"quiet":true}')).status).toBe(202)
      await emu.control.waitForPhase(jobId, 'session')
      expect((await call(base, `/job/${jobId}/cancel`, { method: 'POST' })).status).toBe(202)
      await emu.control.waitForPhase(jobId, 'canceled')
      expect(at(await job(jobId), 'state')).toBe('canceled')
      expect((await logText(jobId)).endsWith('.\n\nDone: Job Cancelled\n\n')).toBe(true)
      expect(emu.control.endDebugSession(jobId)).toBe(false)
    })

    it('can stay queued until cancelled', async ({ expect }) => {
      const jobId = SEED.jobs.bobSecretFailed
      emu.control.scriptDebug(jobId, { variant: 'stuck-queued' })
      expect((await post(jobId, '{}', null)).status).toBe(404)
      expect((await call(base, `/job/${jobId}/debug`, { method: 'POST', token: bob })).status).toBe(202)
      await emu.control.waitForPhase(jobId, 'queued')
      await sleep(STEP * 3)
      expect(at((await call(base, `/job/${jobId}`, { token: bob })).json, 'state')).toBe('queued')
      await call(base, `/job/${jobId}/cancel`, { method: 'POST', token: bob })
      await emu.control.waitForPhase(jobId, 'canceled')
      const log = await call(base, `/job/${jobId}/log`, { token: bob })
      expect([log.status, at(log.json, 'content')]).toEqual([200, null])
    })

    it('prints the red "not available" line and finishes without SSH', async ({ expect }) => {
      const jobId = SEED.jobs.errored
      emu.control.scriptDebug(jobId, { variant: 'not-available' })
      await post(jobId, '{"quiet":true}')
      await emu.control.waitForPhase(jobId, 'finished')
      const text = await logText(jobId)
      expect(text).toContain(`${ESC}[31;1mThe debug environment is not available. Please contact support.${ESC}[0m\r\n`)
      expect(stripAnsi(text)).not.toMatch(/^ssh /m)
      expect(at(await job(jobId), 'state')).toBe('errored')
    })

    it('can finish without any SSH line', async ({ expect }) => {
      const jobId = SEED.jobs.matrixMysql
      emu.control.scriptDebug(jobId, { variant: 'no-ssh' })
      await post(jobId, '{"quiet":true}')
      await emu.control.waitForPhase(jobId, 'finished')
      const text = stripAnsi(await logText(jobId))
      expect(text).toContain('Preparing debug sessions.')
      expect(text).not.toMatch(/^ssh /m)
    })

    it('can cut the SSH line across two log parts, and fetch the target from a URL', async ({ expect }) => {
      const jobId = SEED.jobs.canceled
      const sessions = createServer((_req, res) => {
        res.setHeader('Content-Type', 'application/json')
        res.end(JSON.stringify({ host: 'sim.example', port: 22, token: 'SplitTokenABCDEFGHIJ12345' }))
      })
      await new Promise<void>((r) => sessions.listen(0, '127.0.0.1', r))
      const { port } = sessions.address() as AddressInfo
      try {
        emu.control.scriptDebug(jobId, { variant: 'split-line', sshUrl: `http://127.0.0.1:${port}/` })
        await post(jobId, '{"quiet":true}')
        await emu.control.waitForPhase(jobId, 'session')
        const parts = list(at((await call(base, `/job/${jobId}/log`)).json, 'log_parts')).map((p) => String(at(p, 'content')))
        const head = parts.findIndex((p) => p.startsWith(`${ESC}[32;1mssh `))
        expect(parts[head]).not.toContain('\r\n')
        expect((parts[head] ?? '') + (parts[head + 1] ?? '')).toBe(`${ESC}[32;1mssh SplitTokenABCDEFGHIJ12345@sim.example${ESC}[0m\r\n`)
        emu.control.endDebugSession(jobId)
        await emu.control.waitForPhase(jobId, 'finished')
        // A canceled job has no reset branch: it ends errored.
        expect(at(await job(jobId), 'state')).toBe('errored')
      } finally {
        sessions.close()
      }
    })
  })

  describe('faults', () => {
    it('answers with an injected status/body, default 500 text, for a number of times', async () => {
      emu.control.addFault({ method: 'GET', path: '/job/*', status: 503, body: { oops: true }, times: 1 })
      const faulted = await call(base, `/v3/job/${SEED.jobs.passed}`, { v3: false })
      expect(faulted.status).toBe(503)
      expect(faulted.json).toEqual({ oops: true })
      expect((await call(base, `/job/${SEED.jobs.passed}`)).status).toBe(200)
      emu.control.addFault({ path: '/user', status: 500 })
      const server = await call(base, '/user')
      expect(server.text).toBe('Sorry, we experienced an error.\n')
      expect(server.headers.get('content-type')).toBe('text/plain')
      emu.control.clearFaults()
      expect((await call(base, '/user')).status).toBe(200)
    })

    it('delays and drops', async () => {
      emu.control.addFault({ path: '/user', delayMs: 120, times: 1 })
      const started = Date.now()
      expect((await call(base, '/user')).status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(110)
      emu.control.addFault({ path: '/repos', drop: true, times: 1 })
      await expect(call(base, '/repos')).rejects.toThrow()
      expect((await call(base, '/repos?limit=1')).status).toBe(200)
    })

    it('is driven over HTTP too, and logs requests', async () => {
      const add = await fetch(`${emu.origin}/__emulator/faults`, {
        method: 'POST',
        body: JSON.stringify({ method: 'POST', pathRegex: '^/job/\\d+/cancel$', status: 429, times: 1 }),
      })
      expect(add.status).toBe(200)
      const throttled = await call(base, `/job/${SEED.jobs.passed}/cancel`, { method: 'POST' })
      expect(throttled.status).toBe(429)
      expect(throttled.text).toBe('Retry later\n')
      const requests = (await (await fetch(`${emu.origin}/__emulator/requests?method=POST&path=/cancel`)).json()) as unknown[]
      expect(requests.length).toBeGreaterThan(0)
      expect(at(requests.at(-1), 'headers', 'authorization')).toBe(`token ${alice}`)
      expect(at(requests.at(-1), 'status')).toBe(429)
      const info: unknown = await (await fetch(`${emu.origin}/__emulator/jobs/${SEED.jobs.passed}`)).json()
      expect(at(info, 'state')).toBe('passed')
    })
  })
})

describe('travis emulator: more instances', () => {
  it('runs two instances at once, independently', async () => {
    const [a, b] = await Promise.all([startTravisEmulator(), startTravisEmulator({ seed: { bulkRepoCount: 5 } })])
    try {
      expect(a.url).not.toBe(b.url)
      a.control.revokeToken(alice)
      expect((await call(a.url, '/user')).status).toBe(403)
      expect((await call(b.url, '/user')).status).toBe(200)
      expect(at((await call(b.url, '/repos')).json, '@pagination', 'count')).toBe(11)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('can be driven entirely over HTTP, as a test in another process would', async () => {
    const emu = await startTravisEmulator({ timeline: { stepMs: 10 } })
    const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${emu.origin}/__emulator${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      expect(res.status).toBe(200)
      return res.json()
    }
    try {
      expect(await control('GET', '/health')).toEqual({ ok: true, url: emu.url })
      const user = await control('POST', '/users', { login: 'frank', repos: [{ slug: 'acme/legacy-app', role: 'push' }] })
      const token = String(at(user, 'token'))
      const jobId = SEED.jobs.migratedFailed
      await control('PUT', `/jobs/${jobId}/debug-script`, { ssh: { host: 'tmate.local', port: 22, token: 'HttpDrivenToken' } })
      await control('PUT', `/jobs/${jobId}/hold`, { phases: ['received'] })
      const accepted = await call(emu.url, `/job/${jobId}/debug`, {
        token, method: 'POST', body: '{"quiet":true}', headers: { 'Content-Type': 'application/json' },
      })
      expect(accepted.status).toBe(202)
      await control('POST', `/jobs/${jobId}/wait`, { phase: 'received' })
      expect(at(await control('GET', `/jobs/${jobId}`), 'state')).toBe('received')
      expect(await control('POST', `/jobs/${jobId}/release`)).toEqual({ released: true })
      await control('POST', `/jobs/${jobId}/wait`, { phase: 'session' })
      expect((await call(emu.url, `/job/${jobId}/log.txt`, { token })).text).toContain('ssh HttpDrivenToken@tmate.local')
      expect(await control('POST', `/jobs/${jobId}/end-debug`)).toEqual({ ended: true })
      await control('POST', `/jobs/${jobId}/wait`, { phase: 'finished' })
      expect(at(await control('GET', `/jobs/${jobId}`), 'state')).toBe('failed')
      expect(await control('DELETE', `/tokens/${token}`)).toEqual({ revoked: true })
      expect((await call(emu.url, '/user', { token })).text).toBe('access denied')
      const posts = await control('GET', '/requests?method=POST')
      expect(list(posts).map((r) => at(r, 'path'))).toEqual([`/job/${jobId}/debug`])
      await control('POST', '/reset')
      expect(at(await control('GET', `/jobs/${jobId}`), 'restartedAt')).toBeNull()
    } finally {
      await emu.close()
    }
  })

  it('seeds 5,000 repositories over 50 pages for a dedicated account', async () => {
    const emu = await startTravisEmulator({ seed: { bulkOwner: 'erin', bulkRepoCount: 5000 } })
    try {
      const res = await call(emu.url, '/repos', { token: SEED.users.erin.token })
      expect(at(res.json, '@pagination')).toMatchObject({ count: 5000, last: { offset: 4900, limit: 100 } })
      expect(at(res.json, 'repositories', 0, 'slug')).toBe('erin/bulk-0001')
    } finally {
      await emu.close()
    }
  })

  it('rate limits: 429 over the per-IP limit, 403 ban after too many POSTs', async () => {
    const emu = await startTravisEmulator({ rateLimit: { anonymousLimit: 3, postBanLimit: 3 } })
    try {
      for (let i = 0; i < 3; i++) expect((await call(emu.url, '/repo/2', { token: null })).status).toBe(200)
      const throttled = await call(emu.url, '/repo/2', { token: null })
      expect(throttled.status).toBe(429)
      expect(throttled.text).toBe('Retry later\n')
      expect(throttled.headers.get('content-type')).toBe('text/plain')
      expect(throttled.headers.get('retry-after')).toBeNull()
      for (let i = 0; i < 3; i++) expect((await call(emu.url, '/job/700001/cancel', { method: 'POST' })).status).toBe(409)
      const banned = await call(emu.url, '/user')
      expect(banned.status).toBe(403)
      expect(banned.text).toBe('Forbidden\n')
      emu.control.resetRateLimit()
      expect((await call(emu.url, '/user')).status).toBe(200)
    } finally {
      await emu.close()
    }
  })

  it('is .org-flavoured on demand: repo_migrated on restart and debug', async () => {
    const emu = await startTravisEmulator({ flavour: 'org' })
    try {
      for (const action of ['restart', 'debug']) {
        const res = await call(emu.url, `/job/${SEED.jobs.migratedFailed}/${action}`, { method: 'POST' })
        expect(res.status).toBe(403)
        expect(at(res.json, 'error_type')).toBe('repo_migrated')
        expect(at(res.json, 'error_message')).toMatch(/^This repository has been migrated to travis-ci\.com\./)
      }
    } finally {
      await emu.close()
    }
  })

  it('is Enterprise-flavoured on demand: mounted under /api, log.token always', async () => {
    const emu = await startTravisEmulator({ flavour: 'enterprise' })
    try {
      expect(emu.url.endsWith('/api')).toBe(true)
      const repo = await call(emu.url, '/v3/repo/2', { v3: false })
      expect(at(repo.json, '@href')).toBe('/api/v3/repo/2')
      const log = await call(emu.url, `/job/${SEED.jobs.publicLibFailed}/log`)
      expect(at(log.json, '@raw_log_href')).toBe(
        `/api/v3/job/${SEED.jobs.publicLibFailed}/log.txt?log.token=${logTokenFor(SEED.jobs.publicLibFailed)}`,
      )
      expect((await call(emu.origin, '/user')).status).toBe(404)
    } finally {
      await emu.close()
    }
  })
})
