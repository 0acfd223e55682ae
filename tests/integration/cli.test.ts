import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import { captureIo } from '../support/cli-io'
import { allFileText, keychainAccounts, removeDir, tempDir } from '../support/core-harness'
import { findBuildByNumber } from '../../electron/core/travis/find-build'
import { TravisClient } from '../../electron/core/travis/client'
import { SEED, startTravisEmulator, type TravisEmulator } from '../support/travis-emulator'

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

/** The built command, as a user runs it: token on stdin, output and exit code observed. */
function runBuilt(args: string[], stdin: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

describe('shipmate accounts and jobs', () => {
  let emu: TravisEmulator
  let dataDir: string
  const cli = (args: string[], stdin?: string) => {
    const io = captureIo({ stdin })
    return runCli([...args, '--data-dir', dataDir], io, 'test').then((code) => ({ code, ...io }))
  }

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false } })
    dataDir = await tempDir('shipmate-cli-')
  })
  afterAll(async () => {
    await emu.close()
    await removeDir(dataDir)
  })

  it('refuses to add an account without a working keychain: no plaintext fallback', async () => {
    const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${dataDir}/no-bus` }
    const refused = await runBuilt(['accounts', 'add', '--endpoint', emu.url, '--data-dir', dataDir], `${SEED.users.alice.token}\n`, noBus)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^shipmate: Shipmate stores tokens only in the OS keychain, and it is missing: /)
    expect((await runBuilt(['accounts', 'list', '--data-dir', dataDir], '', noBus)).stdout).toContain('No accounts')
    expect(await allFileText(dataDir)).not.toContain(SEED.users.alice.token)
  })

  it('adds an account with the built command, the token read from stdin', async () => {
    const wrong = await runBuilt(['accounts', 'add', '--endpoint', emu.url, '--data-dir', dataDir], 'nope\n')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/^shipmate: .*did not accept this token/)
    expect(wrong.stderr.split('\n').filter(Boolean)).toHaveLength(1)

    const added = await runBuilt(['accounts', 'add', '--endpoint', emu.url, '--data-dir', dataDir], `${SEED.users.alice.token}\n`)
    expect(added.stderr).toBe('')
    expect(added.code).toBe(0)
    expect(added.stdout).toContain('Added @alice')
    expect(added.stdout).not.toContain(SEED.users.alice.token)
    expect(await allFileText(dataDir)).not.toContain(SEED.users.alice.token)
  })

  it('lists accounts', async () => {
    const listed = await cli(['accounts', 'list'])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/^ID\s+LOGIN\s+ENDPOINT\s+STATUS\n/)
    expect(listed.stdout).toContain('@alice')
  })

  it('prints the job picker for a build id and for a job URL', async () => {
    const byId = await cli(['jobs', String(SEED.builds.matrix)])
    expect(byId.code).toBe(0)
    expect(byId.stdout).toMatch(/^Build #\S+ of alice\/private-app/)
    expect(byId.stdout).toMatch(/osx/)
    const host = new URL(emu.url).host
    const byUrl = await cli(['jobs', `http://${host}/github/alice/private-app/jobs/${SEED.jobs.matrixOsx}`])
    expect(byUrl.code).toBe(0)
    expect(byUrl.stdout).toMatch(new RegExp(`^>\\s+#\\S+\\s+${SEED.jobs.matrixOsx}\\s`, 'm'))
  })

  it('prints the job picker for OWNER/REPO#NUMBER, the build number the web page shows', async () => {
    const byNumber = await cli(['jobs', 'alice/private-app#104'])
    expect(byNumber.code).toBe(0)
    expect(byNumber.stdout).toMatch(/^Build #104 of alice\/private-app/)
    expect((await cli(['jobs', 'alice/private-app#3'])).stdout).toMatch(/^Build #3 of alice\/private-app/)
    for (const absent of ['alice/private-app#50', 'alice/private-app#9999']) {
      const missing = await cli(['jobs', absent])
      expect(missing.code).toBe(1)
      expect(missing.stderr).toBe(`shipmate: alice/private-app has no build #${absent.split('#')[1]} that this account can see.\n`)
    }
  })

  it('finds a build by number pages back, where the newest page does not hold it', async () => {
    const big = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, seed: { fillerBuildCount: 100 } })
    try {
      const client = new TravisClient({ apiUrl: big.url, token: SEED.users.alice.token, userAgent: 'test' })
      const id = await findBuildByNumber(client, 'alice/private-app', 3)
      expect((await client.build(id)).number).toBe('3')
      expect(big.control.requests({ method: 'GET' }).filter((request) => request.path.includes('/builds')).length).toBe(2)
    } finally {
      await big.close()
    }
  })

  it('fails with one line for a build it cannot see, and with usage for bad input', async () => {
    const missing = await cli(['jobs', '1'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^shipmate: Build was not found/)
    expect((await cli(['jobs'])).code).toBe(2)
    expect((await cli(['accounts', 'add'])).code).toBe(2)
    expect((await cli(['accounts', 'frobnicate'])).code).toBe(2)
    const secretAsArgument = await cli(['accounts', 'add', '--endpoint', emu.url, '--token', 'x'])
    expect(secretAsArgument.code).toBe(2)
    expect(secretAsArgument.stderr).toContain('unknown option --token')
  })

  it('removes an account and its keychain entry', async () => {
    const id = `${new URL(emu.url).host}/${SEED.users.alice.id}`
    const removed = await cli(['accounts', 'remove', id])
    expect(removed.code).toBe(0)
    expect(await keychainAccounts(new URL(emu.url).host)).not.toContain(id)
    expect((await cli(['accounts', 'remove', id])).code).toBe(1)
  })
})
