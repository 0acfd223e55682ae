import { type Server, createServer } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { toWireError } from '../../electron/core/errors'
import { TravisClient } from '../../electron/core/travis/client'
import { jobSummary } from '../../electron/core/travis/summaries'
import { TravisError } from '../../electron/core/travis/travis-error'

/**
 * A real HTTP server that answers like a broken or hostile Travis: each request gets the body set
 * for its method and path. Every such answer must end in one TravisError that names the field in
 * the user's terms, never in a crash, a stack trace, or data of the wrong shape handed on.
 */

const TOKEN = 'hostile-test-token-0c1d2e3f'
/** Put into hostile values, to show an error never quotes what the server sent. */
const MARK = 'QUOTED-FROM-SERVER'

const user = { '@type': 'user', '@href': '/user/1', id: 1, login: 'alice', name: 'Alice', avatar_url: null }
const repository = (n: number) => ({ '@type': 'repository', '@href': `/repo/${n}`, id: n, name: `app-${n}`, slug: `alice/app-${n}`, private: true })
const pagination = (count: number, next: unknown = null) => ({
  limit: 100,
  offset: 0,
  count,
  is_first: true,
  is_last: next === null,
  next,
  prev: null,
})
const repos = (entries: unknown[], page: unknown = pagination(entries.length)) => ({
  '@type': 'repositories',
  '@pagination': page,
  repositories: entries,
})
const build = (n: number) => ({
  '@type': 'build',
  id: n,
  number: String(n),
  state: 'failed',
  repository: { '@href': '/repo/1', id: 1, name: 'app-1', slug: 'alice/app-1' },
  commit: { '@type': 'commit', sha: 'add057e', message: 'fix' },
})
const job = (n: number) => ({
  '@type': 'job',
  id: n,
  number: `3.${n}`,
  state: 'failed',
  build: { '@type': 'build', id: 5, number: '3' },
  repository: { '@type': 'repository', id: 1, name: 'app-1', slug: 'alice/app-1' },
  stage: null,
  config: { os: 'linux' },
  '@permissions': { read: true, debug: true, cancel: true },
})
const pending = (stateChange: string) => ({ '@type': 'pending', job: { '@type': 'job', id: 8 }, state_change: stateChange, resource_type: 'job' })

interface Hostile {
  /** The request Shipmate makes, as the server sees it. */
  readonly route: string
  readonly call: (client: TravisClient) => Promise<unknown>
  readonly body: unknown
  /** What the error says after "HOST sent an unexpected answer: ". */
  readonly says: string
}

const NOT_FOUND = JSON.stringify({ '@type': 'error', error_type: 'not_found', error_message: 'resource not found' })
const REPOS_PATH = '/repos?limit=100&sort_by=owner_name,name'
const listRepos = (client: TravisClient) => client.eachRepoPage(() => undefined)
const answering =
  (route: string, call: Hostile['call']) =>
  (body: unknown, says: string): Hostile => ({ route, call, body, says })

const toUser = answering('GET /user', (c) => c.user())
const toRepos = answering(`GET ${REPOS_PATH}`, listRepos)
const toBuilds = answering('GET /repo/1/builds?limit=25&offset=0', (c) => c.builds(1, 0))
const toJobs = answering('GET /build/5/jobs?include=job.config', (c) => c.buildJobs(5))
const toJob = answering('GET /job/8?include=job.config', (c) => c.job(8))
const toLog = answering('GET /job/8/log', (c) => c.log(8))
const toDebug = answering('POST /job/8/debug', (c) => c.debugJob(8, true))
const toCancel = answering('POST /job/8/cancel', (c) => c.cancelJob(8))

const HOSTILE: Record<string, Hostile[]> = {
  user: [
    toUser({ ...user, login: undefined }, 'login is missing'),
    toUser({ ...user, id: '42' }, 'id should be a number'),
    toUser({ ...user, '@type': 'error', error_message: MARK }, '@type should be "user"'),
    toUser({ ...user, login: null }, 'login should be a string, not null'),
  ],
  repos: [
    toRepos(repos([1, 2, 3, 4].map(repository).map((r, i) => (i === 3 ? { ...r, slug: 7 } : r))), 'repositories.3.slug should be a string'),
    toRepos({ ...repos([]), repositories: null }, 'repositories should be an array, not null'),
    toRepos(repos(Array.from({ length: 5_000 }, (_, i) => repository(i + 1))), 'repositories has more than 1000 entries'),
    toRepos(repos([repository(1)], { ...pagination(1), count: '12' }), '@pagination.count should be a number'),
    toRepos(
      repos([repository(1)], pagination(300, { '@href': `https://${MARK}.example/repos?offset=100`, offset: 100, limit: 100 })),
      '@pagination.next.@href should be a path on the API host',
    ),
    // The key is the server's: it is shown, but printable.
    toRepos(
      repos([{ ...repository(1), '@permissions': { [`\x1b[31m${MARK}`]: 'yes' } }]),
      `repositories.0.@permissions.?[31m${MARK} should be true or false`,
    ),
  ],
  builds: [
    toBuilds({ '@type': 'builds', builds: [{ ...build(1), number: 7 }] }, 'builds.0.number should be a string'),
    toBuilds({ '@type': 'builds', builds: [build(1), { ...build(2), commit: MARK }] }, 'builds.1.commit should be an object'),
    toBuilds({ '@type': 'builds', builds: [{ ...build(1), id: null }] }, 'builds.0.id should be a number, not null'),
  ],
  jobs: [
    toJobs({ '@type': 'jobs', jobs: MARK }, 'jobs should be an array'),
    toJobs({ '@type': 'jobs', jobs: [job(1), job(2), { ...job(3), state: 5 }] }, 'jobs.2.state should be a string'),
    toJobs({ '@type': 'jobs', jobs: Array.from({ length: 20_000 }, (_, i) => job(i + 1)) }, 'jobs has more than 1000 entries'),
    toJobs({ '@type': 'jobs', jobs: [{ ...job(1), config: [MARK] }] }, 'jobs.0.config should be an object'),
  ],
  job: [
    toJob({ ...job(8), repository: null }, 'repository should be an object, not null'),
    toJob({ ...job(8), '@permissions': { debug: MARK } }, '@permissions.debug should be true or false'),
    toJob({ ...job(8), build: { id: '5' } }, 'build.id should be a number'),
    toJob({ ...job(8), id: -8 }, 'id should be at least 1'),
  ],
  log: [
    toLog({ '@type': 'log', id: 3, content: 42 }, 'content should be a string'),
    toLog({ '@type': 'log', id: 3 }, 'content is missing'),
    toLog({ '@type': 'error', error_message: MARK }, '@type should be "log"'),
  ],
  'debug restart': [
    toDebug({ ...pending('created'), state_change: 3 }, 'state_change should be a string'),
    toDebug({ ...pending('created'), job: MARK }, 'job should be an object'),
  ],
  cancel: [
    toCancel({ '@type': 'pending' }, 'state_change is missing'),
    toCancel({ ...pending('cancel'), job: { id: 1.5 } }, 'job.id should be a whole number'),
  ],
}

/** The error's whole message: what is off, and what the user can do. */
const unexpected = (host: string, says: string): string =>
  `${host} sent an unexpected answer: ${says}. Try again; if it keeps happening, check that the account's API URL is that of a Travis CI API.`

describe('Travis client against a server that answers with hostile bodies', () => {
  let server: Server
  let host: string
  const answers = new Map<string, { status: number; body: string }>()
  const seen: string[] = []
  const client = () => new TravisClient({ apiUrl: `http://${host}`, token: TOKEN, userAgent: 'Shipmate/test', tries: 1 })
  const failure = async (promise: Promise<unknown>): Promise<TravisError> => {
    try {
      await promise
    } catch (error) {
      if (error instanceof TravisError) return error
      throw error
    }
    throw new Error('expected a TravisError')
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = `${request.method} ${request.url}`
      seen.push(route)
      const answer = answers.get(route) ?? { status: 404, body: NOT_FOUND }
      response.writeHead(answer.status, { 'Content-Type': 'application/json' })
      response.end(answer.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    host = `127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))
  afterEach(() => {
    answers.clear()
    seen.length = 0
  })

  for (const [endpoint, cases] of Object.entries(HOSTILE)) {
    describe(endpoint, () => {
      for (const { route, call, body, says } of cases) {
        it(`${says}`, async () => {
          answers.set(route, { status: 200, body: JSON.stringify(body) })
          const error = await failure(call(client()))
          expect(error.kind).toBe('bad_response')
          expect(error.message).toBe(unexpected(host, says))
          expect(error.message).not.toContain(TOKEN)
          expect(error.message).not.toContain('\x1b')
          if (!says.includes(MARK)) expect(error.message).not.toContain(MARK)
          // What the UI shows: the message as it is, not the generic internal error.
          expect(toWireError(error)).toEqual({ message: error.message, code: 'travis_bad_response' })
        })
      }
    })
  }

  it("quotes a refusal's error_message only printable and short", async () => {
    const errorMessage = `insufficient \x1b[2J${'x'.repeat(100_000)}`
    answers.set('POST /job/8/debug', { status: 403, body: JSON.stringify({ '@type': 'error', error_type: 'error', error_message: errorMessage }) })
    const error = await failure(client().debugJob(8, true))
    expect(error.kind).toBe('refused')
    expect(error.message).toMatch(/^Travis refused: "insufficient \?\[2Jx+…"$/)
    expect(error.message.length).toBeLessThan(400)
  })

  it('a body that is not a v3 object at all is told apart from a wrong field', async () => {
    for (const body of ['null', '[]', '42', '"text"', '{}']) {
      answers.set('GET /user', { status: 200, body })
      expect((await failure(client().user())).kind).toBe('not_v3')
    }
  })

  it('does not believe a @pagination.count of ten billion: it follows the links the server really has', async () => {
    const next = { '@href': '/repos?limit=100&offset=100&sort_by=owner_name,name', offset: 100, limit: 100 }
    answers.set(`GET ${REPOS_PATH}`, { status: 200, body: JSON.stringify(repos([repository(1)], pagination(10_000_000_000, next))) })
    answers.set(`GET ${next['@href']}`, { status: 200, body: JSON.stringify(repos([repository(2)], { ...pagination(2), offset: 100 })) })
    expect(await listRepos(client())).toBe(2)
    expect(seen).toEqual([`GET ${REPOS_PATH}`, `GET ${next['@href']}`])
  })

  it('summarizes a job whose .travis.yml env is nested 100,000 deep, without running out of stack', async () => {
    const env = `${'{"jobs":'.repeat(100_000)}"A=1"${'}'.repeat(100_000)}`
    const deep = JSON.stringify(job(1)).replace('"config":{"os":"linux"}', `"config":{"os":"linux","env":${env}}`)
    answers.set('GET /build/5/jobs?include=job.config', { status: 200, body: `{"@type":"jobs","jobs":[${deep}]}` })
    const [read] = await client().buildJobs(5)
    expect(read && jobSummary(read, false)).toMatchObject({ id: 1, os: 'linux', env: null })
  })

  it('accepts what Travis may leave out or send as null', async () => {
    answers.set('GET /user', { status: 200, body: JSON.stringify({ '@type': 'user', id: 1, login: 'alice', extra: { anything: [1, 2] } }) })
    expect(await client().user()).toMatchObject({ id: 1, login: 'alice', name: null, avatar_url: null })
    answers.set('GET /job/8?include=job.config', {
      status: 200,
      body: JSON.stringify({
        '@type': 'job',
        id: 8,
        state: 'created',
        started_at: null,
        restarted_at: null,
        stage: null,
        build: { '@href': '/build/5' },
        repository: { '@href': '/repo/1' },
      }),
    })
    expect(await client().job(8)).toMatchObject({ id: 8, build: {}, repository: {} })
    answers.set('GET /job/8/log', { status: 200, body: JSON.stringify({ '@type': 'log', id: 3, content: null, log_parts: [] }) })
    expect((await client().log(8)).content).toBeNull()
  })
})
