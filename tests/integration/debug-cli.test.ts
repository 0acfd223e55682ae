import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import { sleep } from '../../electron/core/timing'
import { type CaptureOptions, captureIo } from '../support/cli-io'
import { removeDir, tempDir } from '../support/core-harness'
import { SEED, type SshTarget, type TravisEmulator, startTravisEmulator } from '../support/travis-emulator'

const OUT_MAIN = resolve(__dirname, '..', '..', 'out', 'main')
const CLI = join(OUT_MAIN, 'cli.js')
/**
 * The bundle predates the debug command until `npx electron-vite build` runs again. The command's
 * code sits in a chunk that cli.js and the app's main file share, so every built file is looked at.
 */
const BUILT_WITH_DEBUG =
  existsSync(CLI) && readdirSync(OUT_MAIN).some((file) => file.endsWith('.js') && readFileSync(join(OUT_MAIN, file), 'utf8').includes('no-restart'))
const TARGET: SshTarget = { host: 'tmate.example.test', port: 2222, token: 'Qw3rTy9uIo0pAs1dFg2hJk4lZ' }
const JOBS = SEED.jobs

const never = (): Promise<void> => new Promise(() => {})
/** The command's pauses at a twentieth: a whole debug run in about a second. */
const fast = (ms: number, signal?: AbortSignal): Promise<void> => sleep(ms / 20, signal)

function runBuilt(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end()
  })
}

describe('shipmate debug', () => {
  let emu: TravisEmulator
  let dataDir: string
  const cli = async (args: string[], options: CaptureOptions = {}) => {
    const io = captureIo({ interrupted: never, sleep: fast, ...options })
    const code = await runCli([...args, '--data-dir', dataDir], io, 'test')
    return { code, ...io }
  }

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, timeline: { stepMs: 30 } })
    dataDir = await tempDir('shipmate-debug-cli-')
    expect((await cli(['accounts', 'add', '--endpoint', emu.url], { stdin: SEED.users.alice.token })).code).toBe(0)
  })
  afterAll(async () => {
    await cli(['accounts', 'remove', `${new URL(emu.url).host}/${SEED.users.alice.id}`])
    await emu.close()
    await removeDir(dataDir)
  })
  beforeEach(() => emu.control.reset())

  it("prints Shipmate's own log lines only with --verbose", async () => {
    emu.control.scriptDebug(JOBS.passed, { ssh: TARGET })
    const quiet = await cli(['debug', String(JOBS.passed)])
    expect(quiet.code).toBe(0)
    expect(quiet.stderr).not.toMatch(/ (info|warn|error) /)
    emu.control.reset()
    emu.control.scriptDebug(JOBS.passed, { ssh: TARGET })
    const verbose = await cli(['debug', String(JOBS.passed), '--verbose'])
    expect(verbose.code).toBe(0)
    expect(verbose.stderr).toMatch(/^\S+ info debug: job \d+ restarted in debug mode \(quiet\)$/m)
  })

  it('restarts the job in quiet mode, streams the steps and prints the SSH command on its own line', async () => {
    emu.control.scriptDebug(JOBS.passed, { ssh: TARGET })
    const run = await cli(['debug', String(JOBS.passed)])
    expect(run.stderr).not.toMatch(/^shipmate:/m)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`ssh -p2222 ${TARGET.token}@${TARGET.host}\n`)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines[0]).toBe('Debugging job #101.1 of alice/private-app (quiet mode).')
    const steps = lines.slice(1).map((line) => /^\[\d\d:\d\d:\d\d\] (.+)$/.exec(line)?.[1])
    // A step can pass between two polls; the order and both ends are what the user relies on.
    expect(steps[0]).toBe('Restarting the job')
    expect(steps.at(-1)).toBe('Ready')
    const order = ['Restarting the job', 'Queued', 'Booting the VM', 'Started', 'Setting up debug tools', 'Ready']
    const positions = steps.map((step) => order.indexOf(step ?? ''))
    expect(positions.every((position, i) => position > (positions[i - 1] ?? -1))).toBe(true)
    const posts = emu.control.requests({ method: 'POST', path: `/job/${JOBS.passed}/debug` })
    expect(posts.map((post) => JSON.parse(post.body))).toEqual([{ quiet: true }])
  })

  it('--echo asks for echo mode and says what it means', async () => {
    emu.control.scriptDebug(JOBS.matrixLinux, { ssh: TARGET })
    const run = await cli(['debug', String(JOBS.matrixLinux), '--echo'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('echo mode: what happens in the session is copied into the job log')
    const posts = emu.control.requests({ method: 'POST', path: `/job/${JOBS.matrixLinux}/debug` })
    expect(posts.map((post) => JSON.parse(post.body))).toEqual([{ quiet: false }])
  })

  it('a public repository fails with one line saying why', async () => {
    const host = new URL(emu.url).host
    const run = await cli(['debug', `http://${host}/alice/public-lib/jobs/${JOBS.publicLibFailed}`])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^shipmate: Travis refused debug mode for this job: the repository is public, .*support@travis-ci.com\)\.\n$/)
  })

  it('a build URL is refused with a pointer to the jobs', async () => {
    const host = new URL(emu.url).host
    const run = await cli(['debug', `http://${host}/alice/private-app/builds/${SEED.builds.matrix}`])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^shipmate: That is a build URL.*shipmate jobs URL/)
    expect((await cli(['debug'])).code).toBe(2)
  })

  it('a job that cannot give a session fails with the reason', async () => {
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'not-available' })
    const run = await cli(['debug', String(JOBS.matrixLinux)])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/\] Debug environment not available\nshipmate: Travis printed "The debug environment is not available/)
  })

  it('Ctrl-C without a terminal leaves the job alone and exits 130', async () => {
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'stuck-queued' })
    const run = await cli(['debug', String(JOBS.matrixLinux)], { interrupted: () => emu.control.waitForPhase(JOBS.matrixLinux, 'queued') })
    expect(run.code).toBe(130)
    expect(run.stderr).toContain('Stopped following; the job goes on on Travis.')
    expect(emu.control.requests({ method: 'POST', path: `/job/${JOBS.matrixLinux}/cancel` })).toEqual([])
    expect(emu.control.jobInfo(JOBS.matrixLinux)?.state).toBe('queued')
  })

  it('Ctrl-C on a terminal asks, and cancels the job on "y"', async () => {
    emu.control.scriptDebug(JOBS.matrixLinux, { variant: 'stuck-queued' })
    const run = await cli(['debug', String(JOBS.matrixLinux)], {
      interrupted: () => emu.control.waitForPhase(JOBS.matrixLinux, 'queued'),
      terminal: { answers: ['y'] },
    })
    expect(run.code).toBe(130)
    expect(run.questions).toEqual(['Cancel the job too? [y/N] '])
    expect(run.stderr).toContain('Canceled the job.')
    expect(emu.control.requests({ method: 'POST', path: `/job/${JOBS.matrixLinux}/cancel` })).toHaveLength(1)
  })

  it.skipIf(!BUILT_WITH_DEBUG)('the built command (out/main/cli.js) follows a restart made elsewhere with --no-restart', async () => {
    emu.control.scriptDebug(JOBS.passed, { ssh: TARGET })
    const response = await fetch(`${emu.url}/job/${JOBS.passed}/debug`, {
      method: 'POST',
      headers: { 'Travis-API-Version': '3', Authorization: `token ${SEED.users.alice.token}`, 'Content-Type': 'application/json' },
      body: '{"quiet":true}',
    })
    expect(response.status).toBe(202)
    await emu.control.waitForPhase(JOBS.passed, 'ssh-ready')
    const host = new URL(emu.url).host
    const run = await runBuilt(['debug', `http://${host}/alice/private-app/jobs/${JOBS.passed}`, '--no-restart', '--data-dir', dataDir])
    expect(run.stderr).toMatch(/^Following job #101\.1 of alice\/private-app\.\n/)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`ssh -p2222 ${TARGET.token}@${TARGET.host}\n`)
    expect(emu.control.requests({ method: 'POST', path: `/job/${JOBS.passed}/debug` })).toHaveLength(1)
  })
})
