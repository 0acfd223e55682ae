import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PAGES_IN_FLIGHT, TravisClient } from '../../electron/core/travis/client'
import { TravisError } from '../../electron/core/travis/travis-error'
import type { V3Repository } from '../../electron/core/travis/v3-types'
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
    const repos: V3Repository[] = []
    const total = await client().eachRepoPage((page) => {
      pages.push(page.items.length)
      repos.push(...page.items)
    })
    expect(total).toBe(repos.length)
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
    const pending = failure(client().eachRepoPage(() => undefined, controller.signal))
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

describe('Travis client listing 2,000 repositories (20 pages)', () => {
  let emu: TravisEmulator
  const offsetOf = (url: string) => Number(/[?&]offset=(\d+)/.exec(url)?.[1] ?? 0)
  const offsets = (pages: number) => Array.from({ length: pages }, (_, page) => page * 100)

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, seed: { bulkOwner: 'erin', bulkRepoCount: 2_000 } })
  })
  afterAll(() => emu.close())

  /**
   * A fetch that holds back the page at `heldOffset` until the client has nothing else left to do
   * (every other request answered and no new one started), then lets it through; it notes which
   * pages had been asked for by then.
   */
  function holdingFetch(heldOffset: number) {
    const requested = new Set<number>()
    let inFlight = 0
    let askedBeforeRelease: number[] | undefined
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const settle = async () => {
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve))
      if (inFlight === 0 && askedBeforeRelease === undefined) {
        askedBeforeRelease = [...requested].sort((a, b) => a - b)
        release()
      }
    }
    const fetchImpl: typeof fetch = async (input, init) => {
      const offset = offsetOf(String(input))
      requested.add(offset)
      if (offset === heldOffset) {
        void settle()
        await held
        return fetch(input, init)
      }
      inFlight += 1
      try {
        // Read to the end here, so "in flight" covers the whole answer and not just its headers.
        const response = await fetch(input, init)
        return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers })
      } finally {
        inFlight -= 1
        void settle()
      }
    }
    return { fetchImpl, asked: () => askedBeforeRelease }
  }

  it('keeps fetching the pages after a slow one, and still hands them on in order', async () => {
    const { fetchImpl, asked } = holdingFetch(100)
    const client = new TravisClient({ apiUrl: emu.url, token: SEED.users.erin.token, userAgent: 'Shipmate/test', fetch: fetchImpl })
    const firstIds: number[] = []
    const count = await client.eachRepoPage((page) => firstIds.push(page.items[0]?.id ?? -1))

    expect(count).toBe(2_000)
    // While page 2 was held back, every other page was asked for, not just the few after it.
    expect(asked()).toEqual(offsets(20))
    expect(firstIds).toEqual([...firstIds].sort((a, b) => a - b))
    expect(firstIds).toHaveLength(20)
  })

  it('reports the first page that fails and stops asking for more', async () => {
    const requested: number[] = []
    let settled: () => void = () => {}
    const listed = new Promise<void>((resolve) => {
      settled = resolve
    })
    const fetchImpl: typeof fetch = async (input, init) => {
      const offset = offsetOf(String(input))
      requested.push(offset)
      if (offset === 300) return new Response('access denied', { status: 403, headers: { 'Content-Type': 'text/plain' } })
      // The other pages of the window answer only once the listing is over, so none of them can
      // open room for another request before the refusal is seen.
      if (offset !== 0) await listed
      return fetch(input, init)
    }
    const client = new TravisClient({ apiUrl: emu.url, token: SEED.users.erin.token, userAgent: 'Shipmate/test', fetch: fetchImpl })
    const pages: number[] = []
    const listing = client.eachRepoPage((page) => pages.push(page.items.length))
    await expect(listing.finally(settled)).rejects.toMatchObject({ kind: 'token_rejected' })
    await new Promise((resolve) => setImmediate(resolve))
    expect([...requested].sort((a, b) => a - b)).toEqual(offsets(1 + PAGES_IN_FLIGHT))
    expect(pages).toEqual([100])
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
