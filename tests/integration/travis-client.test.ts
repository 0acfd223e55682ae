import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TravisClient } from '../../electron/core/travis/client'
import { TravisError } from '../../electron/core/travis/travis-error'
import { SEED, startTravisEmulator, type TravisEmulator } from '../support/travis-emulator'

describe('Travis client against the emulator', () => {
  let emu: TravisEmulator
  const sleeps: number[] = []
  const client = (token: string | null = SEED.users.alice.token, options: Partial<ConstructorParameters<typeof TravisClient>[0]> = {}) =>
    new TravisClient({
      apiUrl: emu.url,
      token: token ?? undefined,
      userAgent: 'Shipmate/test',
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      ...options,
    })
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
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false } })
  })
  afterAll(() => emu.close())
  afterEach(() => {
    emu.control.clearFaults()
    emu.control.clearRequests()
    sleeps.length = 0
  })

  it('sends the v3 headers: version, token scheme, user agent', async () => {
    expect((await client().user()).login).toBe('alice')
    const [request] = emu.control.requests({ path: '/user' })
    expect(request?.headers['travis-api-version']).toBe('3')
    expect(request?.headers.authorization).toBe(`token ${SEED.users.alice.token}`)
    expect(request?.headers['user-agent']).toBe('Shipmate/test')
  })

  it('follows @pagination.next through every page of repositories', async () => {
    const pages: number[] = []
    const repos = await client().allRepos((page) => pages.push(page.items.length))
    expect(repos.length).toBeGreaterThan(250)
    expect(pages.length).toBe(Math.ceil(repos.length / 100))
    expect(new Set(repos.map((repo) => repo.id)).size).toBe(repos.length)
  })

  it('encodes slugs as one path segment', async () => {
    const repo = await client().repo('alice/private-app')
    expect(repo.id).toBe(SEED.repos.privateApp.id)
    expect(emu.control.requests({ path: '/repo/alice%2Fprivate-app' })).toHaveLength(1)
  })

  it('reads builds page by page, a build, its jobs with config, a job and its log', async () => {
    const first = await client().builds(SEED.repos.privateApp.id, 0, 5)
    expect(first.items).toHaveLength(5)
    expect(first.pagination?.is_first).toBe(true)
    const second = await client().builds(SEED.repos.privateApp.id, 5, 5)
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id)
    const build = await client().build(SEED.builds.matrix)
    expect(build.number).toBeTruthy()
    const jobs = await client().buildJobs(SEED.builds.matrix)
    expect(jobs.map((job) => job.config?.os)).toEqual(expect.arrayContaining(['linux', 'osx']))
    const job = await client().job(SEED.jobs.matrixLinux)
    expect(job.build?.id).toBe(SEED.builds.matrix)
    const log = await client().log(SEED.jobs.passed)
    expect(log.content).toContain('travis_fold')
  })

  it('a wrong token is token_rejected; anonymous is login_required', async () => {
    expect((await failure(client('wrong').user())).kind).toBe('token_rejected')
    expect((await failure(client(null).user())).kind).toBe('login_required')
  })

  it('missing things are not_found, with the resource named', async () => {
    const error = await failure(client().job(1))
    expect(error.kind).toBe('not_found')
    expect(error.message).toMatch(/^Job was not found/)
  })

  it('debug on a public repo without debug tools is explained; insufficient access is too', async () => {
    expect((await failure(client().debugJob(SEED.jobs.publicLibFailed, true))).kind).toBe('debug_not_enabled')
    expect((await failure(client(SEED.users.bob.token).debugJob(SEED.jobs.passed, true))).kind).toBe('insufficient_access')
  })

  it('debug sends quiet as JSON and is accepted; cancel of a finished job is explained', async () => {
    const pending = await client().debugJob(SEED.jobs.errored, true)
    expect(pending).toMatchObject({ '@type': 'pending', state_change: 'created' })
    const [request] = emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.errored}/debug` })
    expect(request?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ quiet: true })
    // The restart is asynchronous: once the job is queued, a second debug is refused.
    await emu.control.waitForPhase(SEED.jobs.errored, 'queued')
    expect((await failure(client().debugJob(SEED.jobs.errored, true))).kind).toBe('job_already_running')
    expect((await failure(client().cancelJob(SEED.jobs.passed))).kind).toBe('job_not_cancelable')
  })

  it('cancels a running job, restarts a finished one and deletes a log', async () => {
    expect(await client().cancelJob(SEED.jobs.running)).toMatchObject({ '@type': 'pending', state_change: 'cancel' })
    expect(await client().restartJob(SEED.jobs.canceled)).toMatchObject({ '@type': 'pending', state_change: 'restart' })
    await client().deleteLog(SEED.jobs.passed)
    expect((await client().log(SEED.jobs.passed)).content).not.toContain('travis_fold')
  })

  it('retries a GET on 429, 5xx and dropped connections, at most 3 tries, with growing pauses', async () => {
    emu.control.addFault({ method: 'GET', path: '/user', status: 429, times: 2 })
    expect((await client().user()).login).toBe('alice')
    expect(emu.control.requests({ path: '/user' })).toHaveLength(3)
    expect(sleeps).toHaveLength(2)
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] ?? Infinity)
    emu.control.clearRequests()
    emu.control.addFault({ method: 'GET', path: '/user', status: 500, times: 5 })
    const error = await failure(client().user())
    expect(error.kind).toBe('server')
    expect(emu.control.requests({ path: '/user' })).toHaveLength(3)
    emu.control.clearFaults()
    emu.control.clearRequests()
    emu.control.addFault({ method: 'GET', path: '/user', drop: true, times: 1 })
    expect((await client().user()).login).toBe('alice')
    expect(emu.control.requests({ path: '/user' }).length).toBeGreaterThanOrEqual(2)
  })

  it('never retries a POST', async () => {
    emu.control.addFault({ method: 'POST', path: `/job/${SEED.jobs.matrixOsx}/debug`, status: 500, times: 5 })
    expect((await failure(client().debugJob(SEED.jobs.matrixOsx, true))).kind).toBe('server')
    expect(emu.control.requests({ method: 'POST' })).toHaveLength(1)
    emu.control.clearFaults()
    emu.control.addFault({ method: 'POST', path: `/job/${SEED.jobs.matrixOsx}/debug`, drop: true, times: 1 })
    expect((await failure(client().debugJob(SEED.jobs.matrixOsx, true))).kind).toBe('network')
    expect(emu.control.requests({ method: 'POST' })).toHaveLength(2)
  })

  it('times out a request that hangs and says after how long', async () => {
    emu.control.addFault({ method: 'GET', path: '/user', delayMs: 2_000 })
    const error = await failure(client(SEED.users.alice.token, { timeoutMs: 200, tries: 1 }).user())
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('did not answer within 0.2 s')
  })

  it('is cancelled by its signal, without retrying', async () => {
    emu.control.addFault({ method: 'GET', path: '/repos', delayMs: 1_000 })
    const controller = new AbortController()
    const pending = failure(client().allRepos(undefined, controller.signal))
    setTimeout(() => controller.abort(), 50)
    expect((await pending).kind).toBe('cancelled')
  })

  it('says when the server is unreachable or is not Travis API v3', async () => {
    const closed = new TravisClient({ apiUrl: `http://127.0.0.1:${await closedPort()}`, token: 't', userAgent: 'x', tries: 1 })
    const unreachable = await failure(closed.user())
    expect(unreachable.kind).toBe('network')
    expect(unreachable.message).toContain('connection was refused')
    emu.control.addFault({ method: 'GET', path: '/user', status: 200, body: '<html>hello</html>', contentType: 'text/html' })
    expect((await failure(client().user())).kind).toBe('bad_response')
  })
})

/** A port nothing listens on (found by listening and closing again). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
