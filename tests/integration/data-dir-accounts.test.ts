import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import type { AccountSummary } from '@shared/api'
import type { Core } from '../../electron/core/create-core'
import { keychainAccounts, removeDir, startCore, tempDir } from '../support/core-harness'
import { waitFor } from '../support/poll'
import { SEED, startTravisEmulator, type TravisEmulator } from '../support/travis-emulator'

const ROOT = resolve(__dirname, '..', '..')

/** The command line in a process of its own, as a user runs it beside the app: token on stdin. */
function shipmate(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'cli.ts'), ...args], { cwd: ROOT, env: process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

describe('accounts shared by a running app and the command line', () => {
  let emu: TravisEmulator
  let dataDir: string
  let app: Core
  let announced: AccountSummary[][]
  const bobId = () => `${new URL(emu.url).host}/${SEED.users.bob.id}`
  const onDisk = async () =>
    (JSON.parse(await readFile(join(dataDir, 'accounts.json'), 'utf8')) as { accounts: { id: string }[] }).accounts.map((account) => account.id)

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false } })
  })
  afterAll(() => emu.close())
  beforeEach(async () => {
    dataDir = await tempDir('shipmate-shared-accounts-')
    app = await startCore(dataDir)
    announced = []
    app.events.subscribe((name, payload) => {
      if (name === 'accounts.changed') announced.push(payload as AccountSummary[])
    })
  })
  afterEach(async () => {
    await app.dispose()
    const cleaner = await startCore(dataDir)
    for (const account of await cleaner.accounts.list()) await cleaner.accounts.remove(account.id)
    await cleaner.dispose()
    await removeDir(dataDir)
  })

  it("the app removing one account keeps the one the CLI added meanwhile, and its token", async () => {
    const alice = await app.accounts.add(emu.url, SEED.users.alice.token)
    const added = await shipmate(['accounts', 'add', '--endpoint', emu.url, '--data-dir', dataDir], `${SEED.users.bob.token}\n`)
    expect(added.stderr).toBe('')
    expect(added.code).toBe(0)

    await app.accounts.remove(alice.id)
    expect(await onDisk()).toEqual([bobId()])
    expect(await keychainAccounts(new URL(emu.url).host)).toEqual([bobId()])
    expect((await app.accounts.list()).map((account) => account.id)).toEqual([bobId()])
  })

  it('an account the CLI adds or removes while the app runs reaches the app without a restart', async () => {
    const added = await shipmate(['accounts', 'add', '--endpoint', emu.url, '--data-dir', dataDir], `${SEED.users.bob.token}\n`)
    expect(added.code).toBe(0)
    const withBob = await waitFor(() => announced.find((accounts) => accounts.some((account) => account.id === bobId())), 'accounts.changed with bob', {
      describe: () => JSON.stringify(announced),
    })
    expect(withBob.map((account) => account.login)).toEqual(['bob'])
    expect((await app.accounts.list()).map((account) => account.id)).toEqual([bobId()])

    const removed = await shipmate(['accounts', 'remove', bobId(), '--data-dir', dataDir], '')
    expect(removed.code).toBe(0)
    await waitFor(() => announced.at(-1)?.length === 0, 'accounts.changed without bob', { describe: () => JSON.stringify(announced) })
    expect(await app.accounts.list()).toEqual([])
  })
})
