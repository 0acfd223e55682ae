import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { SessionSummary, TimelineEvent } from '@shared/api'
import { SessionAlerts } from '../../electron/core/alerts/session-alerts'
import { GuardRun } from '../../electron/core/alerts/guard-run'
import type { Logger } from '../../electron/core/log'
import { removeDir, startCore, tempDir } from '../support/core-harness'
import { guardLoopPids } from '../support/guard-processes'
import { waitFor } from '../support/poll'
import { SessionsHarness } from '../support/sessions-harness'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'

/**
 * What Shipmate says about join detection, as the app wires it (the session core, its mirror, the
 * alerts), against the tmate simulator behaving like tmate.io (a count) and like a server without
 * tmate-websocket (none). Every surface reads the summary and the timeline asserted here.
 */

let sim: TmateSim
const cleanups: (() => void | Promise<void>)[] = []
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

beforeAll(async () => {
  sim = await startTmateSim()
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await sim.close()
})

interface App {
  harness: SessionsHarness
  alerts: SessionAlerts
}

/** One Shipmate app run: its session core and its alerts, with one guard run. */
async function app(): Promise<App> {
  const harness = await SessionsHarness.start()
  const alerts = new SessionAlerts({ sessions: harness.sessions, events: harness.hub, log: quiet, guardRun: new GuardRun() })
  cleanups.push(async () => {
    alerts.dispose()
    await harness.dispose()
  })
  return { harness, alerts }
}

async function host(options: { noWebsocket?: boolean; nonUtf8Viewers?: boolean } = {}): Promise<TmateSimSession> {
  const created = await sim.createSession(options)
  cleanups.push(() => created.end())
  return created
}

function open(on: App, of: TmateSimSession, readOnly = false): string {
  return on.harness.sessions.open({ host: '127.0.0.1', port: sim.port, token: readOnly ? of.roToken : of.token, readOnly }).id
}

function kinds(on: App, id: string): string[] {
  return on.harness.sessions.timeline(id).map((event) => event.kind)
}

function describeSession(on: App, id: string): () => string {
  return () => `${JSON.stringify(on.harness.summary(id))}\n${on.harness.logLines.join('\n')}\n${on.harness.sessions.timeline(id).map((e: TimelineEvent) => `${e.kind} ${e.mates} ${e.detail ?? ''}`).join('\n')}`
}

function until<T>(on: App, id: string, check: (summary: SessionSummary) => T | undefined | false, what: string): Promise<T> {
  return waitFor(() => check(on.harness.summary(id)), what, { timeoutMs: 15_000, describe: describeSession(on, id) })
}

describe('join detection says what is true', () => {
  test('a server without a client count: never "on", and no "started" after "unavailable"', async () => {
    const shipmate = await app()
    const id = open(shipmate, await host({ noWebsocket: true }))
    await until(shipmate, id, () => kinds(shipmate, id).includes('detection_unavailable'), 'detection to be reported unavailable')
    // The guard's loop runs on the host, but it has no count to give: the guard status must say unavailable.
    await until(shipmate, id, (summary) => summary.detection.detail.includes('no client count'), 'the guard to see its marker')
    expect(shipmate.harness.summary(id)).toMatchObject({ detection: { state: 'unavailable' }, mates: null })
    const seen = kinds(shipmate, id)
    expect(seen.slice(seen.indexOf('detection_unavailable'))).not.toContain('guard_started')
    expect(seen).not.toContain('guard_started')
  })

  test('a read-only connection reports no guard started while an earlier guard runs on the host', async () => {
    const shipmate = await app()
    const session = await host()
    const writer = open(shipmate, session)
    await until(shipmate, writer, (summary) => summary.detection.state === 'on' && summary.mates === 1, 'the first guard to count 1')
    await waitFor(async () => (await guardLoopPids(session.tmuxSocket)).length === 1, 'the loop on the host')

    // The same app run, and another one: neither's read-only viewer can read a count of its own.
    const reader = open(shipmate, session, true)
    const other = await app()
    const stranger = open(other, session, true)
    for (const [on, id] of [[shipmate, reader], [other, stranger]] as const) {
      await until(on, id, (summary) => summary.detection.state === 'unavailable', 'the read-only guard to say it cannot run')
      await until(on, id, () => kinds(on, id).includes('detection_unavailable'), 'detection unavailable on the read-only connection')
    }
    // Another client joining moves the writer's count; nothing the read-only viewers see may turn into "started".
    const intruder = new OpenSshViewer(sim.port, session.token)
    cleanups.push(() => intruder.close())
    await until(shipmate, writer, (summary) => summary.mates === 4, 'the writer to count the intruder')
    for (const [on, id] of [[shipmate, reader], [other, stranger]] as const) {
      expect(kinds(on, id)).not.toContain('guard_started')
      // Said once: the guard's reason is the detection's reason, not a second entry beside it.
      expect(kinds(on, id).filter((kind) => kind === 'guard_unavailable' || kind === 'detection_unavailable')).toEqual(['detection_unavailable'])
      expect(on.harness.summary(id)).toMatchObject({ detection: { state: 'unavailable' }, mates: null })
    }
  })
})

/** One Shipmate whose guard runs on a host that had a separator of its own (` | `, as a user's tmate config may set). */
async function guardOverOwnSeparator() {
  const shipmate = await app()
  const session = await host()
  await session.hostRun(['set', '-g', 'window-status-separator', ' | '])
  const id = open(shipmate, session)
  await until(shipmate, id, (summary) => summary.detection.state === 'on' && summary.mates === 1, 'join detection to be on')
  await loops(session, 1)
  return { shipmate, session, id }
}

/** Two app runs in one session: the first starts the guard, the second uses the same loop. */
async function twoShipmatesOnOneGuard() {
  const first = await app()
  const second = await app()
  const session = await host()
  const a = open(first, session)
  await until(first, a, (summary) => summary.detection.state === 'on', 'the first Shipmate to start the guard')
  const [loop] = await loops(session, 1)
  const b = open(second, session)
  await until(second, b, (summary) => summary.detection.state === 'on' && summary.mates === 2, 'the second Shipmate to use the same guard')
  return { first, second, session, a, b, loop }
}

/** The separator as the host has it now (a window option: tmate and tmux read it with `show -gw`). */
async function separator(of: TmateSimSession): Promise<string> {
  return (await of.hostRun(['show', '-gwv', 'window-status-separator'])).replace(/\n$/, '')
}

function loops(of: TmateSimSession, count: number): Promise<number[]> {
  return waitFor(
    async () => {
      const pids = await guardLoopPids(of.tmuxSocket)
      return pids.length === count ? pids : undefined
    },
    `${count} guard loop(s) on the host`,
    { timeoutMs: 15_000, intervalMs: 100 },
  )
}

describe('turning join detection off', () => {
  test('one click stops the guard on the host and puts back the separator it changed', async () => {
    const { shipmate, session, id } = await guardOverOwnSeparator()
    expect(await separator(session)).toMatch(/⟦mates:1@/)

    shipmate.alerts.setGuard(id, false)
    expect(shipmate.harness.summary(id).detection.state).toBe('off')
    await loops(session, 0)
    await waitFor(async () => (await separator(session)) === ' | ', 'the separator to be put back', { timeoutMs: 10_000 })
    const lastRow = () => shipmate.harness.sessions.mirrorOf(id)?.lastRow() ?? ''
    await waitFor(() => /^0:bash\* \| *$/.test(lastRow()), 'the status row as the host had it', { describe: lastRow })
    expect(shipmate.harness.summary(id)).toMatchObject({ detection: { state: 'off' }, mates: null, alert: false })
  })

  test('the guard stays while another Shipmate viewer still uses it, and stops when the last one turns it off', async () => {
    const { first, second, session, a, b, loop } = await twoShipmatesOnOneGuard()

    // Every value the separator takes from here on, as tmux sets it: the stop request shows there only for a moment.
    const logDir = await mkdtemp(join(tmpdir(), 'shipmate-separators-'))
    cleanups.push(() => rm(logDir, { recursive: true, force: true }))
    const log = join(logDir, 'set.log')
    await session.hostRun(['set-hook', '-g', 'after-set-option', `run-shell -b "printf '%s\\n' '#{window-status-separator}' >> ${log}"`])
    const values = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n')
    first.alerts.setGuard(a, false)
    // Taken and answered: the loop goes on for the second Shipmate, under its tag.
    await waitFor(
      async () => {
        const set = await values()
        const stop = set.findIndex((value) => value.startsWith(' !'))
        return stop >= 0 && set.slice(stop + 1).some((value) => /^ ⟦mates:2@[0-9a-z]{6}⟧ $/.test(value))
      },
      "the first Shipmate's stop request, and the loop's answer to the second",
      { timeoutMs: 30_000, describe: () => (existsSync(log) ? readFileSync(log, 'utf8') : 'no separator set yet') },
    )
    expect(await guardLoopPids(session.tmuxSocket)).toEqual([loop])
    expect(second.harness.summary(b)).toMatchObject({ detection: { state: 'on' }, mates: 2 })

    second.alerts.setGuard(b, false)
    await loops(session, 0)
    await waitFor(async () => (await separator(session)) === ' ', 'the default separator back', { timeoutMs: 10_000 })
  })
})

describe('leaving the session', () => {
  test('Disconnect stops the guard on the host and puts back the separator it changed, and says so', async () => {
    const { shipmate, session, id } = await guardOverOwnSeparator()

    // Stopping at once is for a shell at an idle prompt: wait until the guard's line has erased itself.
    await waitFor(() => /^travis@sim:~\$ $/m.test(shipmate.harness.sessions.mirrorOf(id)?.cursorLine().before ?? ''), 'the idle prompt', { timeoutMs: 10_000 })
    shipmate.harness.sessions.disconnect(id)
    await loops(session, 0)
    await waitFor(async () => (await separator(session)) === ' | ', 'the separator to be put back', { timeoutMs: 10_000 })
    expect(shipmate.harness.sessions.timeline(id).filter((event) => event.kind === 'guard_stopped').map((event) => event.detail)).toEqual([
      expect.stringContaining('told its session guard on the host to stop'),
    ])
  })

  test('a guard another Shipmate viewer still uses runs on when one of them disconnects', async () => {
    const { first, second, session, a, b, loop } = await twoShipmatesOnOneGuard()

    first.harness.sessions.disconnect(a)
    // The loop takes the stop request, drops the first tag and answers the second Shipmate with the new count.
    await until(second, b, (summary) => summary.detection.state === 'on' && summary.mates === 1, 'the second Shipmate to count 1')
    expect(await guardLoopPids(session.tmuxSocket)).toEqual([loop])
    expect(await separator(session)).toMatch(/⟦mates:1@/)
  })

  test('quitting the app stops the guard on the host too', async () => {
    const dataDir = await tempDir('shipmate-quit-')
    cleanups.push(() => removeDir(dataDir))
    const core = await startCore(dataDir)
    let disposed = false
    cleanups.push(() => (disposed ? undefined : core.dispose()))
    const session = await host()
    core.events.on('sessions.hostKeyPrompt', (prompt) => core.sessions.answerHostKey(prompt.sessionId, true))
    const { id } = core.sessions.openCommand(session.sshCommand)
    await waitFor(() => core.sessions.list().find((summary) => summary.id === id)?.detection.state === 'on', 'join detection to be on', { timeoutMs: 15_000 })
    await loops(session, 1)

    await core.dispose()
    disposed = true
    await loops(session, 0)
    await waitFor(async () => (await separator(session)) === ' ', 'the default separator back', { timeoutMs: 10_000 })
  })

  test('every summary of an ended session says join detection stopped, the first one included', async () => {
    const shipmate = await app()
    const session = await host()
    const id = open(shipmate, session)
    await until(shipmate, id, (summary) => summary.detection.state === 'on', 'join detection to be on')
    shipmate.harness.sessions.disconnect(id)
    await shipmate.harness.waitForState(id, 'ended')
    const over = shipmate.harness.payloads('sessions.changed').filter((summary) => summary.id === id && summary.state === 'ended')
    expect(over.length).toBeGreaterThan(0)
    expect(over.map((summary) => summary.detection.state)).toEqual(over.map(() => 'ended'))
  })
})

describe('the typed guard line leaves no trace', () => {
  /** What Shipmate types, as a user would spot it on screen. */
  const TYPED = /bash -c|window-status-separator|tmate (set|display)|\\033\[/

  function screenOf(on: App, id: string): string {
    return on.harness.sessions.mirrorOf(id)?.screenText() ?? ''
  }

  /** Resizes the view and waits for tmux to redraw the window at the new size. */
  async function resize(on: App, id: string, cols: number, rows: number): Promise<string> {
    on.harness.sessions.resize(id, cols, rows)
    return waitFor(
      () => {
        const lines = screenOf(on, id).split('\n')
        return lines.length === rows && /^0:bash\* ⟦mates:1@/.test(lines.at(-1) ?? '') && /travis@sim:~\$/.test(lines.join('\n')) ? lines.join('\n') : undefined
      },
      `the window redrawn at ${cols}x${rows}`,
      { timeoutMs: 10_000, describe: () => screenOf(on, id) },
    )
  }

  test('the prompt is as the VM left it once the guard runs, and a resize brings nothing back', async () => {
    const shipmate = await app()
    const id = open(shipmate, await host())
    await until(shipmate, id, (summary) => summary.detection.state === 'on' && summary.mates === 1, 'join detection to be on')
    const settled = await waitFor(
      () => {
        const text = screenOf(shipmate, id)
        return !TYPED.test(text) && /travis@sim:~\$ *$/m.test(text) ? text : undefined
      },
      'the screen without the typed line',
      { timeoutMs: 10_000, describe: () => screenOf(shipmate, id) },
    )
    // What the VM printed before the guard was typed is still there.
    expect(settled).toContain('travis_run_')
    // Growing the window makes tmux pull lines back from the pane's history.
    expect(await resize(shipmate, id, 60, 12)).not.toMatch(TYPED)
    expect(await resize(shipmate, id, 100, 40)).not.toMatch(TYPED)
  })
})

describe('a viewer whose tmux client draws no UTF-8', () => {
  test('still reads its marker (drawn with _ for its brackets): tabs follow windows, the count is on, a join is counted', async () => {
    const shipmate = await app()
    const session = await host({ nonUtf8Viewers: true })
    const id = open(shipmate, session)
    await until(shipmate, id, (summary) => summary.detection.state === 'on' && summary.mates === 1, 'join detection to be on')
    // The client really draws the marker's brackets as `_`: this is the case under test.
    expect(shipmate.harness.sessions.mirrorOf(id)?.lastRow()).toMatch(/^0:bash\* _mates:1@[0-9a-z]{6}_/)
    expect(shipmate.harness.summary(id).windows.map((w) => w.name)).toEqual(['bash'])
    const intruder = new OpenSshViewer(sim.port, session.token)
    cleanups.push(() => intruder.close())
    await until(shipmate, id, (summary) => summary.mates === 2 && summary.alert, 'the join to be counted')
    expect(kinds(shipmate, id)).toContain('joined')
    expect(kinds(shipmate, id)).not.toContain('detection_unavailable')
  })
})
