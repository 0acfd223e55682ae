import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import { HostKeys } from '../../electron/core/sessions/host-keys'
import { captureIo } from '../support/cli-io'
import { removeDir, tempDir } from '../support/core-harness'
import { SessionsHarness } from '../support/sessions-harness'
import { HOST_KEY_B, startTmateSim, type TmateSim } from '../support/tmate-sim'

const LOST =
  "Shipmate's list of trusted hosts was damaged and could not be restored, so it cannot tell whether this key changed. " +
  'Compare the fingerprint with one you trust before you go on.'

describe('known_hosts.json with two writers', () => {
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('shipmate-known-hosts-')
  })
  afterAll(() => removeDir(dir))

  it('two stores trusting hosts at the same time keep every host', async () => {
    const now = () => new Date()
    const [a, b] = [new HostKeys(dir, { now }), new HostKeys(dir, { now })]
    const hosts = Array.from({ length: 20 }, (_, index) => `host-${index}.example`)
    await Promise.all(hosts.map((host, index) => (index % 2 ? a : b).trust(host, 22, 'ssh-ed25519', `SHA256:key${index}`)))
    const stored = JSON.parse(await readFile(join(dir, 'known_hosts.json'), 'utf8')) as { hosts: Record<string, unknown> }
    expect(Object.keys(stored.hosts).sort()).toEqual(hosts.map((host) => `${host}:22`).sort())
  })
})

describe('a damaged known_hosts.json that could not be restored', () => {
  let sim: TmateSim
  beforeAll(async () => {
    sim = await startTmateSim({ port: 0 })
  })
  afterAll(() => sim.close())

  it('tells the user the trust store was lost, and every host-key question says so, also after a restart', async () => {
    const notices: string[] = []
    const harness = await SessionsHarness.start({ trustNewHosts: false, onNotice: (message) => notices.push(message) })
    const session = await sim.createSession()
    try {
      await writeFile(join(harness.dataDir, 'known_hosts.json'), '{"version": 1, "hosts": {"127.0.0.1:22')
      const { id } = harness.sessions.openCommand(session.sshCommand)
      const prompt = await harness.waitForEvent('sessions.hostKeyPrompt')
      expect(prompt).toMatchObject({ sessionId: id, changed: false, fingerprint: sim.hostKeyFingerprint, trustStoreLost: LOST })
      expect(notices).toHaveLength(1)
      expect(notices[0]).toMatch(/^known_hosts\.json was damaged \(not valid JSON\) and no good previous copy exists/)
      expect(notices[0]).toContain('cannot tell whether a host')
      harness.sessions.answerHostKey(id, false)
      await harness.waitForState(id, 'failed')

      const restarted = new HostKeys(harness.dataDir, { now: () => new Date(), onNotice: (message) => notices.push(message) })
      const key = utils.parseKey(HOST_KEY_B)
      if (key instanceof Error) throw key
      const keyBlob = key.getPublicSSH()
      expect(await restarted.check('other.example', 22, keyBlob)).toMatchObject({ kind: 'unknown', trustStoreLost: true })
      await restarted.trust('other.example', 22, 'ssh-ed25519', 'SHA256:other')
      expect(await restarted.check('other.example', 22, keyBlob)).toMatchObject({ kind: 'changed' })
      expect(notices).toHaveLength(1)
    } finally {
      await harness.dispose()
      await session.end()
    }
  })

  it('`shipmate watch` asks with the same warning', async () => {
    const dataDir = await tempDir('shipmate-watch-lost-')
    const session = await sim.createSession()
    try {
      await writeFile(join(dataDir, 'known_hosts.json'), 'not json at all')
      const io = Object.assign(captureIo({ terminal: { answers: ['n'] } }), { interrupted: () => new Promise<void>(() => {}) })
      expect(await runCli(['watch', session.sshCommand, '--data-dir', dataDir], io, 'test')).toBe(1)
      expect(io.questions).toHaveLength(1)
      expect(io.questions[0]).toContain(LOST)
      expect(io.questions[0]).toContain(`Its ssh-ed25519 key fingerprint is ${sim.hostKeyFingerprint}.\nTrust it? [y/N] `)
    } finally {
      await session.end()
      await removeDir(dataDir)
    }
  })
})
