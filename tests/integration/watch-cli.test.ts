import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import { captureIo } from '../support/cli-io'
import { removeDir, tempDir } from '../support/core-harness'
import { waitFor as poll } from '../support/poll'
import { startStallingProxy } from '../support/stalling-proxy'
import { startTcpProxy } from '../support/tcp-proxy'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'

/** Runs `shipmate watch` in-process until `stop` resolves, as Ctrl-C would end it. */
function watch(args: string[], dataDir: string, stop: Promise<void>, options: { terminal?: boolean; answer?: string } = {}) {
  const io = Object.assign(captureIo(), {
    interrupted: () => stop,
    isTerminal: options.terminal ?? false,
    ask: async () => options.answer ?? '',
  })
  return { io, done: runCli(['watch', ...args, '--data-dir', dataDir], io, 'test') }
}

/** Waits until the output so far satisfies `check`; a timeout shows what was printed. */
async function waitFor(check: () => boolean, io: { stdout: string }, what = 'the watch output'): Promise<void> {
  await poll(check, what, { timeoutMs: 20_000, intervalMs: 50, describe: () => io.stdout })
}

describe('shipmate watch', () => {
  let sim: TmateSim
  let dataDir: string
  beforeAll(async () => {
    sim = await startTmateSim({ port: 0 })
    dataDir = await tempDir('shipmate-watch-')
  })
  afterAll(async () => {
    await sim.close()
    await removeDir(dataDir)
  })

  it("prints a failure's reason once, and no log lines of its own without --verbose", async () => {
    const session = await sim.createSession()
    // A data dir of its own: --trust-host-key stores the key, and the other tests need it unknown.
    const ownDir = await tempDir('shipmate-watch-fail-')
    const wrongToken = session.token.replace(/.$/, (last) => (last === 'x' ? 'y' : 'x'))
    const { io, done } = watch([`ssh -p${sim.port} ${wrongToken}@127.0.0.1`, '--trust-host-key', sim.hostKeyFingerprint], ownDir, new Promise(() => {}))
    expect(await done).toBe(1)
    await removeDir(ownDir)
    const lines = io.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^Watching ssh /)
    expect(lines.slice(1)).toHaveLength(1)
    expect(lines[1]).toMatch(/^shipmate: /)
    expect(io.stderr).not.toMatch(/ (info|warn|error) /)
  })

  it('without a terminal, refuses an unknown host key unless --trust-host-key names it', async () => {
    const session = await sim.createSession()
    const { io, done } = watch([session.sshCommand], dataDir, new Promise(() => {}))
    expect(await done).toBe(1)
    expect(io.stderr).toContain(`--trust-host-key ${sim.hostKeyFingerprint}`)
    const wrong = watch([session.sshCommand, '--trust-host-key', 'SHA256:nope'], dataDir, new Promise(() => {}))
    expect(await wrong.done).toBe(1)
    expect(wrong.io.stderr).toContain('not the SHA256:nope')
    await session.end()
  })

  it('prints one line per event: connected, guard, a join with its count, a leave; exit 0 on Ctrl-C', async () => {
    const session = await sim.createSession()
    let interrupt = () => {}
    const stop = new Promise<void>((resolve) => (interrupt = resolve))
    const { io, done } = watch([session.sshCommand, '--trust-host-key', sim.hostKeyFingerprint], dataDir, stop)
    await waitFor(() => /guard_started\s+1/.test(io.stdout), io)
    expect(io.stdout).toMatch(/^\d\d:\d\d:\d\d {2}connected\s/m)
    const intruder = new OpenSshViewer(sim.port, session.token)
    await waitFor(() => /joined\s+2/.test(io.stdout), io)
    expect(io.stdout).toMatch(/alert\s+2/)
    intruder.close()
    await waitFor(() => /left\s+1/.test(io.stdout), io)
    interrupt()
    expect(await done).toBe(0)
    // The page's join-detection words, each time the state changed: starting, then on with Shipmate's own count.
    expect(io.stderr.split('\n').filter((line) => line.startsWith('Join detection'))).toEqual([
      'Join detection starts at the next idle shell prompt',
      'Join detection is on · 1 connected, you included',
    ])
    expect(io.stdout).not.toContain(session.token)
    await session.end()
  })

  it('prints count_disputed and present_at_connect when a count set before it connected is lower than its own reading', async () => {
    const session = await sim.createSession()
    // The intruder reads the job log first, joins, and runs one command on the VM.
    const intruder = new OpenSshViewer(sim.port, session.token)
    await intruder.screen.waitForLastRow(/^0:\[tmux\]\*/)
    await session.hostRun(['set', '-g', 'window-status-separator', ' ⟦mates:1⟧ '])
    let interrupt = () => {}
    const stop = new Promise<void>((resolve) => (interrupt = resolve))
    const { io, done } = watch([session.sshCommand, '--trust-host-key', sim.hostKeyFingerprint], dataDir, stop)
    await waitFor(() => /count_disputed\s+2/.test(io.stdout), io)
    await waitFor(() => /present_at_connect\s+2/.test(io.stdout), io)
    expect(io.stdout).toMatch(/count_disputed\s+2 {2}.*set by someone else/)
    expect(io.stdout).toMatch(/alert\s+2/)
    // The count someone else put on the row is never reported as the guard's own.
    expect(io.stdout).not.toMatch(/guard_started\s+1/)
    intruder.close()
    interrupt()
    expect(await done).toBe(0)
    expect(io.stdout).not.toContain(session.token)
    await session.end()
  })

  it('on a server without a client count, prints possible_join and possible_leave for a smaller client, never joined or left', async () => {
    const session = await sim.createSession({ noWebsocket: true })
    let interrupt = () => {}
    const stop = new Promise<void>((resolve) => (interrupt = resolve))
    const { io, done } = watch([session.sshCommand, '--trust-host-key', sim.hostKeyFingerprint], dataDir, stop)
    try {
      await waitFor(() => /detection_unavailable\s+-/.test(io.stdout), io)
      // A smaller terminal than Shipmate's 80x24 shrinks the shared window: the one sign this server gives.
      const intruder = new OpenSshViewer(sim.port, session.token, 60, 20)
      await waitFor(() => /possible_join\s+-/.test(io.stdout), io)
      expect(io.stdout).toMatch(/possible_join\s+- {2}Someone with a smaller window \(60x19\) is connected; this server cannot count clients\./)
      expect(io.stdout).toMatch(/alert\s+-/)
      intruder.close()
      await waitFor(() => /possible_leave\s+-/.test(io.stdout), io)
      expect(io.stdout).not.toMatch(/^\S+ {2}(joined|left)\s/m)
      expect(io.stdout.match(/possible_join/g)).toHaveLength(1)
      expect(io.stderr).toContain('Join detection is unavailable')
      expect(io.stderr).not.toContain('Join detection is on')
    } finally {
      interrupt()
      await done
      await session.end()
    }
  })

  it('prints each event once across reconnects, with no guard message between', async () => {
    const session = await sim.createSession()
    const proxy = await startTcpProxy(sim.port)
    let interrupt = () => {}
    const stop = new Promise<void>((resolve) => (interrupt = resolve))
    const { io, done } = watch([`ssh -p${proxy.port} ${session.token}@127.0.0.1`, '--trust-host-key', sim.hostKeyFingerprint], dataDir, stop)
    const kinds = () =>
      io.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.slice(10).split(/\s+/)[0])
    const count = (kind: string) => kinds().filter((each) => each === kind).length
    try {
      await waitFor(() => count('guard_started') === 1, io)
      for (const round of [1, 2]) {
        proxy.dropConnections()
        await waitFor(() => count('reconnected') === round && count('guard_started') === round + 1, io, `reconnect ${round} and its guard`)
      }
      const intruder = new OpenSshViewer(sim.port, session.token)
      await waitFor(() => /alert\s+2/.test(io.stdout), io)
      intruder.close()
      await waitFor(() => /left\s+1/.test(io.stdout), io)
      const again = ['disconnected', 'reconnected', 'guard_started']
      expect(kinds(), io.stdout).toEqual(['connected', 'guard_started', ...again, ...again, 'joined', 'alert', 'left'])
      // The timeline file holds what was printed, once each; appends finish after the line is printed.
      const stored = await poll(
        async () => {
          const events = (await readFile(join(dataDir, 'timeline.jsonl'), 'utf8'))
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as { kind: string; sessionId: string })
          const last = events.at(-1)
          return last?.kind === 'left' ? events.filter((event) => event.sessionId === last.sessionId).map((event) => event.kind) : undefined
        },
        'the timeline file to end with the leave',
      )
      expect(stored).toEqual(kinds())
    } finally {
      interrupt()
      await done
      await proxy.close()
      await session.end()
    }
  })

  // The keepalive settings are the ones a user gets: the silence is noticed and given up in about half a minute.
  it('a paused server: reconnects, says its previous connection is still counted, and prints no alert for it', { timeout: 120_000 }, async () => {
    const session = await sim.createSession()
    const stalling = await startStallingProxy(sim.port)
    let interrupt = () => {}
    const stop = new Promise<void>((resolve) => (interrupt = resolve))
    const { io, done } = watch([`ssh -p${stalling.port} ${session.token}@127.0.0.1`, '--trust-host-key', sim.hostKeyFingerprint], dataDir, stop)
    const kinds = () =>
      io.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.slice(10).split(/\s+/)[0])
    const slow = (check: () => boolean, what: string) => poll(check, what, { timeoutMs: 90_000, intervalMs: 100, describe: () => io.stdout })
    try {
      await waitFor(() => kinds().includes('guard_started'), io)
      stalling.stall()
      // The host still counts the stalled connection beside the new one: Shipmate's own, not a join.
      await slow(() => kinds().includes('reconnected') && kinds().includes('previous_connection'), 'the reconnect and its note')
      expect(stalling.stalled()).toBe(1)
      stalling.cutStalled()
      await slow(() => kinds().includes('previous_connection_gone'), 'the old connection to go')
      expect(kinds().filter((kind) => kind === 'alert' || kind === 'joined' || kind === 'possible_join')).toEqual([])
      // Alerts still work after it: a real join is printed as one.
      const intruder = new OpenSshViewer(stalling.port, session.token)
      await waitFor(() => /alert\s+2/.test(io.stdout), io)
      intruder.close()
    } finally {
      interrupt()
      await done
      await stalling.close()
      await session.end()
    }
  })

  it('asks about the host key on a terminal', async () => {
    const session = await sim.createSession()
    const fresh = await tempDir('shipmate-watch-tty-')
    let interrupt = () => {}
    const stop = new Promise<void>((resolve) => (interrupt = resolve))
    const { io, done } = watch([session.sshCommand], fresh, stop, { terminal: true, answer: 'y' })
    await waitFor(() => /connected/.test(io.stdout), io)
    interrupt()
    expect(await done).toBe(0)
    await session.end()
    await removeDir(fresh)
  })
})
