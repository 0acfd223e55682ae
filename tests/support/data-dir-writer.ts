/**
 * One writer of the kill test, run as its own process (`node --import tsx`): a Shipmate core on a
 * data dir that adds and removes accounts and trusts host keys without end, through the app's own
 * code (the core's start, Accounts, HostKeys). Adding an account also needs Travis and the
 * keychain, which are not what the kill test is about: Travis's `GET /user` is answered here and
 * tokens are kept in memory. Before each change it prints `begin <change>`, and `confirmed
 * <change>` only once the change resolved, so whoever kills it knows what must be on disk.
 *
 * Arguments: data dir, the first Travis user id this run may use (each run gets fresh ones).
 * It stops by itself when its stdin closes, so a crashed test leaves no writer behind.
 */
import type { Keychain } from '../../electron/core/accounts/keychain'
import { createCore } from '../../electron/core/create-core'
import { silentLogger } from '../../electron/core/log'
import { HostKeys } from '../../electron/core/sessions/host-keys'

const KILL_TEST_API = 'https://travis.kill.test'

const [dataDir, firstUser] = process.argv.slice(2)
if (dataDir === undefined || firstUser === undefined) throw new Error('usage: data-dir-writer DATA_DIR FIRST_USER_ID')
const base = Number(firstUser)

const secrets = new Map<string, string>()
const keychain: Keychain = {
  status: async () => ({ state: 'available' }),
  get: async (account) => secrets.get(account) ?? null,
  set: async (account, secret) => void secrets.set(account, secret),
  delete: async (account) => secrets.delete(account),
}

/** Travis's answer to `GET /user` for a token `kill-<user id>`. */
const travis: typeof fetch = async (_url, init) => {
  const token = new Headers(init?.headers).get('authorization')?.replace(/^token kill-/, '') ?? ''
  const id = Number(token)
  const user = { '@type': 'user', id, login: `writer-${id}`, name: null, avatar_url: null }
  return new Response(JSON.stringify(user), { status: 200, headers: { 'content-type': 'application/json' } })
}

function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

async function main(): Promise<void> {
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
  process.stdout.on('error', () => process.exit(0))
  const core = await createCore({
    dataDir: dataDir as string,
    version: 'kill-test',
    host: 'cli',
    keychain,
    log: silentLogger,
    openExternal: async () => {},
    fetch: travis,
    home: dataDir,
    env: {},
  })
  const hostKeys = new HostKeys(dataDir as string, { now: () => new Date() })
  say('ready')
  for (let n = 0; ; n++) {
    if (n % 3 === 2) {
      const id = `travis.kill.test/${base + n - 2}`
      say(`begin remove ${id}`)
      await core.accounts.remove(id)
      say(`confirmed remove ${id}`)
    } else {
      say(`begin add travis.kill.test/${base + n}`)
      const account = await core.accounts.add(KILL_TEST_API, `kill-${base + n}`)
      say(`confirmed add ${account.id}`)
    }
    const host = `h${base + n}.kill.test`
    say(`begin trust ${host}:22`)
    await hostKeys.trust(host, 22, 'ssh-ed25519', `SHA256:${base + n}`)
    say(`confirmed trust ${host}:22`)
  }
}

main().catch((error: unknown) => {
  say(`error ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
