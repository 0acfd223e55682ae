import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HostKeys } from '../../electron/core/sessions/host-keys'
import { SessionsHarness } from '../support/sessions-harness'
import { startTmateSim, HOST_KEY_A, type TmateSim } from '../support/tmate-sim'

const run = promisify(execFile)
const AUTH_REFUSED =
  'This session accepts only listed SSH keys, and none of yours (agent, ~/.ssh/id_ed25519, ~/.ssh/id_rsa) is among them.'

let sim: TmateSim
let scratch: string

beforeAll(async () => {
  sim = await startTmateSim()
  scratch = await mkdtemp(join(tmpdir(), 'shipmate-auth-'))
})

afterAll(async () => {
  await sim.close()
  await rm(scratch, { recursive: true, force: true })
})

/** A HOME whose ~/.ssh holds the given private keys. */
async function homeWith(keys: Record<string, string>): Promise<string> {
  const home = await mkdtemp(join(scratch, 'home-'))
  await mkdir(join(home, '.ssh'), { mode: 0o700 })
  for (const [name, key] of Object.entries(keys)) await writeFile(join(home, '.ssh', name), key, { mode: 0o600 })
  return home
}

async function withHarness<T>(options: Parameters<typeof SessionsHarness.start>[0], body: (harness: SessionsHarness) => Promise<T>): Promise<T> {
  const harness = await SessionsHarness.start(options)
  try {
    return await body(harness)
  } finally {
    await harness.dispose()
  }
}

describe('keys for publickey-only sessions', () => {
  test('no key: failed with a message that says which keys were tried', async () => {
    const allowed = utils.generateKeyPairSync('ed25519')
    const session = await sim.createSession({ authorizedKeys: [allowed.public] })
    const stranger = utils.generateKeyPairSync('ed25519')
    await withHarness({ home: await homeWith({ id_ed25519: stranger.private }) }, async (harness) => {
      const { id } = harness.sessions.openCommand(session.sshCommand)
      expect((await harness.waitForState(id, 'failed')).detail).toBe(AUTH_REFUSED)
      expect(harness.sessions.timeline(id)).toEqual([])
    })
    await session.end()
  })

  test('the right ~/.ssh/id_ed25519 connects', async () => {
    const allowed = utils.generateKeyPairSync('ed25519')
    const session = await sim.createSession({ authorizedKeys: [allowed.public] })
    await withHarness({ home: await homeWith({ id_ed25519: allowed.private }) }, async (harness) => {
      const { id } = harness.sessions.openCommand(session.sshCommand)
      await harness.waitForState(id, 'connected')
      await harness.waitForWindows(id, (text) => text === '0:[tmux]*')
      expect(harness.payloads('sessions.passphrasePrompt')).toEqual([])
    })
    await session.end()
  })

  test('an encrypted key asks for its passphrase, again when wrong, and can be skipped', async () => {
    const passphrase = 'correct horse battery staple'
    const locked = utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 4 })
    const rsa = utils.generateKeyPairSync('rsa', { bits: 2048, passphrase, cipher: 'aes256-ctr', rounds: 4 })
    const session = await sim.createSession({ authorizedKeys: [locked.public] })
    const home = await homeWith({ id_ed25519: locked.private, id_rsa: rsa.private })
    await withHarness({ home }, async (harness) => {
      const { id } = harness.sessions.openCommand(session.sshCommand)
      const first = await harness.waitForEvent('sessions.passphrasePrompt')
      expect(first).toEqual({ sessionId: id, keyPath: '~/.ssh/id_ed25519', retry: false })
      expect(harness.summary(id)).toMatchObject({ state: 'authenticating', detail: 'Waiting for the passphrase of ~/.ssh/id_ed25519.' })
      harness.sessions.answerPassphrase(id, 'wrong')
      await harness.waitForEvent('sessions.passphrasePrompt', (prompt) => prompt.retry)
      harness.sessions.answerPassphrase(id, passphrase)
      await harness.waitForState(id, 'connected')
      expect(harness.payloads('sessions.passphrasePrompt')).toHaveLength(2)

      // Another session asks afresh; skipping both keys leaves nothing that fits.
      const second = harness.sessions.openCommand(session.sshCommand)
      await harness.waitForEvent('sessions.passphrasePrompt', (prompt) => prompt.sessionId === second.id)
      harness.sessions.answerPassphrase(second.id, null)
      await harness.waitForEvent('sessions.passphrasePrompt', (prompt) => prompt.sessionId === second.id && prompt.keyPath === '~/.ssh/id_rsa')
      harness.sessions.answerPassphrase(second.id, null)
      expect((await harness.waitForState(second.id, 'failed')).detail).toBe(AUTH_REFUSED)
      expect(() => harness.sessions.answerPassphrase(second.id, 'late')).toThrow('not waiting for a passphrase')
      const everything = JSON.stringify(harness.events) + harness.logLines.join('\n')
      expect(everything).not.toContain(passphrase)
      expect(everything).not.toContain(session.token)
    })
    await session.end()
  })

  test("a key held by ssh-agent (SSH_AUTH_SOCK) connects", async () => {
    const allowed = utils.generateKeyPairSync('ed25519')
    const session = await sim.createSession({ authorizedKeys: [allowed.public] })
    const socket = join(scratch, 'agent.sock')
    const keyFile = join(await homeWith({ id_ed25519: allowed.private }), '.ssh', 'id_ed25519')
    const agent = await startAgent(socket)
    try {
      await run('ssh-add', [keyFile], { env: { SSH_AUTH_SOCK: socket } })
      await withHarness({ home: await homeWith({}), env: { SSH_AUTH_SOCK: socket } }, async (harness) => {
        const { id } = harness.sessions.openCommand(session.sshCommand)
        await harness.waitForState(id, 'connected')
      })
    } finally {
      agent.kill()
    }
    await session.end()
  })
})

describe('host keys', () => {
  test('a changed host key is refused as a possible man-in-the-middle, and the old key stays', async () => {
    const session = await sim.createSession()
    const before = sim.hostKeyFingerprint
    try {
      await withHarness({}, async (harness) => {
        const first = harness.sessions.openCommand(session.sshCommand)
        await harness.waitForState(first.id, 'connected')
        await harness.sessions.forget(first.id)

        const after = sim.rotateHostKey()
        const second = harness.sessions.openCommand(session.sshCommand)
        const failed = await harness.waitForState(second.id, 'failed')
        const knownHosts = join(harness.dataDir, 'known_hosts.json')
        expect(failed.detail).toBe(
          `The host key of 127.0.0.1:${sim.port} has changed since you trusted it (was ${before}, now ${after}). ` +
            'Someone may be intercepting the connection (a man-in-the-middle attack), so Shipmate refused to connect. ' +
            `If the server's key was changed on purpose, remove the entry "127.0.0.1:${sim.port}" from ${knownHosts} and connect again.`,
        )
        const prompts = harness.payloads('sessions.hostKeyPrompt')
        expect(prompts.at(-1)).toEqual({
          sessionId: second.id,
          host: '127.0.0.1',
          port: sim.port,
          algorithm: 'ssh-ed25519',
          fingerprint: after,
          changed: true,
          knownFingerprint: before,
        })
        const stored = JSON.parse(await readFile(knownHosts, 'utf8')) as { hosts: Record<string, { fingerprint: string }> }
        expect(stored.hosts[`127.0.0.1:${sim.port}`]?.fingerprint).toBe(before)
        expect(session.viewers()).toBe(0)
      })
    } finally {
      if (sim.hostKeyFingerprint !== before) sim.rotateHostKey()
    }
    await session.end()
  })

  test('a host key the user does not trust is not stored and nothing connects', async () => {
    const session = await sim.createSession()
    await withHarness({ trustNewHosts: false }, async (harness) => {
      const { id } = harness.sessions.openCommand(session.sshCommand)
      await harness.waitForEvent('sessions.hostKeyPrompt')
      harness.sessions.answerHostKey(id, false)
      expect((await harness.waitForState(id, 'failed')).detail).toBe(
        `You did not trust the host key of 127.0.0.1:${sim.port}, so Shipmate did not connect.`,
      )
      await expect(readFile(join(harness.dataDir, 'known_hosts.json'), 'utf8')).rejects.toThrow(/ENOENT/)
    })
    await session.end()
  })

  test("*.tmate.io hosts must present one of tmate.io's pinned keys", async () => {
    const hostKeys = new HostKeys(scratch, { now: () => new Date() })
    const blob = utils.parseKey(HOST_KEY_A)
    if (blob instanceof Error) throw blob
    const key = blob.getPublicSSH()
    expect(await hostKeys.check('nyc1.tmate.io', 22, key)).toEqual({
      kind: 'changed',
      algorithm: 'ssh-ed25519',
      fingerprint: sim.hostKeyFingerprint,
      knownFingerprint: 'SHA256:jfttvoypkHiQYUqUCwKeqd9d1fJj/ZiQlFOHVl6E9sI',
      pinned: true,
    })
    expect(await hostKeys.check('tmate.example.org', 22, key)).toMatchObject({ kind: 'unknown' })
  })
})

function startAgent(socket: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'pipe', 'inherit'] })
    agent.once('error', reject)
    // It prints its environment lines once the socket listens.
    agent.stdout?.once('data', () => resolve(agent))
  })
}
