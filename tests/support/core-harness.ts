import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createOsKeychain } from '../../electron/core/accounts/keychain'
import { createCore, type Core, type CoreDeps } from '../../electron/core/create-core'
import { silentLogger } from '../../electron/core/log'

const run = promisify(execFile)

/** A core on a temp data dir with the real keychain (tests run under scripts/with-keychain.sh). */
export async function startCore(dataDir: string, overrides: Partial<CoreDeps> = {}): Promise<Core> {
  return createCore({
    dataDir,
    version: 'test',
    host: 'web',
    keychain: createOsKeychain(),
    log: silentLogger,
    openExternal: async () => {},
    home: dataDir,
    env: {},
    ...overrides,
  })
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true })
}

/** Every file's text under a directory, to prove a secret is not among them. */
export async function allFileText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const texts = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8')))
  return texts.join('\n')
}

/**
 * What the Secret Service holds for Shipmate, read with libsecret's own tool rather than our code.
 * `hosts` narrows it to accounts on those API hosts (other test files share the keychain).
 */
export async function keychainAccounts(...hosts: string[]): Promise<string[]> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', 'Shipmate'], { encoding: 'utf8' }).catch(
    (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  )
  return [...`${stdout}\n${stderr}`.matchAll(/^attribute\.username = (.+)$/gm)]
    .map((match) => match[1] ?? '')
    .filter((name) => !name.includes('probe') && (hosts.length === 0 || hosts.some((host) => name.startsWith(`${host}/`))))
}
