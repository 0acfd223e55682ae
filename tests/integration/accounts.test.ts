import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOsKeychain, type Keychain } from '../../electron/core/accounts/keychain'
import type { Core } from '../../electron/core/create-core'
import { allFileText, keychainAccounts, removeDir, startCore, tempDir } from '../support/core-harness'
import { SEED, startTravisEmulator, type TravisEmulator } from '../support/travis-emulator'

const hostOf = (emulator: TravisEmulator) => new URL(emulator.url).host

describe('accounts with the real keychain', () => {
  let emu: TravisEmulator
  let other: TravisEmulator
  let dataDir: string
  let core: Core
  const alice = SEED.users.alice

  beforeAll(async () => {
    emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false } })
    other = await startTravisEmulator({ port: 0, rateLimit: { enabled: false } })
  })
  afterAll(async () => {
    await emu.close()
    await other.close()
  })
  beforeEach(async () => {
    dataDir = await tempDir('shipmate-accounts-')
    core = await startCore(dataDir)
  })
  afterEach(async () => {
    for (const account of await core.accounts.list()) await core.accounts.remove(account.id)
    await removeDir(dataDir)
  })

  it('a wrong token is refused and nothing is saved anywhere', async () => {
    await expect(core.accounts.add(emu.url, 'not-a-token')).rejects.toThrow(/did not accept this token/)
    expect(await core.accounts.list()).toEqual([])
    expect(await keychainAccounts(hostOf(emu), hostOf(other))).toEqual([])
    expect(await allFileText(dataDir)).not.toContain('not-a-token')
  })

  it('the token goes to the keychain only, and survives a restart of the core', async () => {
    const added = await core.accounts.add(emu.url, alice.token)
    expect(added).toMatchObject({ login: 'alice', userId: alice.id, tokenRejected: false, endpoint: { kind: 'enterprise' } })
    expect(added.id).toBe(`${new URL(emu.url).host}/${alice.id}`)
    expect(JSON.stringify(added)).not.toContain(alice.token)
    expect(await keychainAccounts(hostOf(emu), hostOf(other))).toEqual([added.id])
    expect(await createOsKeychain().get(added.id)).toBe(alice.token)

    const restarted = await startCore(dataDir)
    expect(await restarted.accounts.list()).toEqual([added])
    expect((await restarted.browse.jobs(added.id, SEED.builds.matrix)).jobs.length).toBeGreaterThan(1)
    expect(await allFileText(dataDir)).not.toContain(alice.token)
    expect(JSON.parse(await readFile(join(dataDir, 'accounts.json'), 'utf8')).accounts[0].login).toBe('alice')
  })

  it('removing an account deletes its keychain entry', async () => {
    const added = await core.accounts.add(emu.url, alice.token)
    await core.accounts.remove(added.id)
    expect(await core.accounts.list()).toEqual([])
    expect(await keychainAccounts(hostOf(emu), hostOf(other))).toEqual([])
  })

  it('reads a token from the keychain once per run; a token gone from the keychain asks for a new one', async () => {
    const added = await core.accounts.add(emu.url, alice.token)
    const keychain = createOsKeychain()
    const reads: string[] = []
    const counting: Keychain = { ...keychain, get: (account) => (reads.push(account), keychain.get(account)) }
    const restarted = await startCore(dataDir, { keychain: counting })
    for (let call = 0; call < 3; call++) expect((await restarted.browse.jobs(added.id, SEED.builds.matrix)).jobs.length).toBeGreaterThan(1)
    expect(reads).toEqual([added.id])

    await keychain.delete(added.id)
    const again = await startCore(dataDir)
    await expect(again.browse.jobs(added.id, SEED.builds.matrix)).rejects.toThrow(/missing from the keychain\. Replace the token/)
    expect((await again.accounts.list())[0]?.tokenRejected).toBe(true)
  })

  it('holds several accounts on several endpoints at once', async () => {
    const a = await core.accounts.add(emu.url, alice.token)
    const b = await core.accounts.add(other.url, SEED.users.bob.token)
    expect((await core.accounts.list()).map((account) => account.id)).toEqual([a.id, b.id])
    expect(a.id).not.toBe(b.id)
    expect((await keychainAccounts(hostOf(emu), hostOf(other))).sort()).toEqual([a.id, b.id].sort())
  })

  it('a token Travis rejects later marks the account, and replacing it recovers without losing anything', async () => {
    const token = emu.control.addToken('alice')
    const added = await core.accounts.add(emu.url, token)
    emu.control.revokeToken(token)
    await expect(core.browse.jobs(added.id, SEED.builds.matrix)).rejects.toThrow(/rejected the API token/)
    expect((await core.accounts.list())[0]?.tokenRejected).toBe(true)

    await expect(core.accounts.replaceToken(added.id, SEED.users.bob.token)).rejects.toThrow(/belongs to @bob, not @alice/)
    const fresh = emu.control.addToken('alice')
    const replaced = await core.accounts.replaceToken(added.id, fresh)
    expect(replaced.tokenRejected).toBe(false)
    expect(await createOsKeychain().get(added.id)).toBe(fresh)
    expect((await core.browse.jobs(added.id, SEED.builds.matrix)).jobs.length).toBeGreaterThan(1)
  })

  it('imports tokens from the travis CLI config and, when asked, removes them from it', async () => {
    const home = join(dataDir, 'home')
    await mkdir(join(home, '.travis'), { recursive: true })
    const config = join(home, '.travis', 'config.yml')
    await writeFile(
      config,
      [
        'endpoints:',
        `  ${emu.url}/:`,
        `    access_token: ${alice.token}`,
        '  https://api.travis-ci.org/:',
        '    access_token: revoked-elsewhere',
        `default_endpoint: ${emu.url}/`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    )
    const importing = await startCore(dataDir, { home })
    const scan = await importing.handle('accounts.scanTravisCli', {})
    expect(scan.found).toBe(true)
    const local = scan.candidates.find((candidate) => candidate.apiUrl === emu.url)
    expect(local).toMatchObject({ login: 'alice', alreadyAdded: false })
    expect(scan.candidates.find((candidate) => candidate.apiUrl === 'https://api.travis-ci.org')?.problem).toBeTruthy()

    const result = await importing.handle('accounts.importTravisCli', { apiUrls: [emu.url], removeFromFile: true })
    expect(result.imported.map((account) => account.login)).toEqual(['alice'])
    expect(result.removedFromFile).toBe(true)
    const rewritten = await readFile(config, 'utf8')
    expect(rewritten).not.toContain(alice.token)
    expect(rewritten).toContain('revoked-elsewhere')
    expect(rewritten).toContain('default_endpoint')
    expect((await importing.handle('accounts.scanTravisCli', {})).candidates.find((c) => c.apiUrl === emu.url)).toBeUndefined()
    core = importing
  })
})
