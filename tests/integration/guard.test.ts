import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { DetectionEvent } from '../../electron/core/alerts/detector'
import { JoinWatch } from '../../electron/core/alerts/join-watch'
import { GUARD_DETAIL, SessionGuard } from '../../electron/core/alerts/guard'
import { GuardRun } from '../../electron/core/alerts/guard-run'
import { guardLine, guardRequestLine } from '../../electron/core/alerts/guard-script'
import { ViewerGuardHost } from '../support/guard-host'
import { guardLoopPids, guardProcessPids } from '../support/guard-processes'
import { waitFor } from '../support/poll'
import { PROMPT, startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'

/**
 * The session guard and join detection against the tmate simulator: a real tmux host, an ssh2
 * viewer as Shipmate connects, and OpenSSH as the intruder. The simulator shows no join notice to
 * anyone, so whatever is detected here came through the status row.
 */

/** A marker Shipmate's own loop published: the count, its tag, and how often it had to put it back. */
const OWN_MARKER = String.raw`⟦mates:(\d+|\?)@[0-9a-z]{6}(?:\+\d+)?⟧`

let sim: TmateSim
const cleanups: (() => void | Promise<void>)[] = []

beforeAll(async () => {
  sim = await startTmateSim()
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await sim.close()
})

interface Guarded {
  viewer: Ssh2Viewer
  host: ViewerGuardHost
  guard: SessionGuard
  watch: JoinWatch
  events: DetectionEvent[]
}

async function session(options: { noWebsocket?: boolean } = {}): Promise<TmateSimSession> {
  const created = await sim.createSession(options)
  cleanups.push(() => created.end())
  return created
}

async function viewer(of: TmateSimSession): Promise<Ssh2Viewer> {
  const connected = await Ssh2Viewer.connect({ port: sim.port, token: of.token, cols: 120, rows: 32 })
  cleanups.push(() => connected.close())
  return connected
}

function intruder(of: TmateSimSession): OpenSshViewer {
  const ssh = new OpenSshViewer(sim.port, of.token, 80, 24)
  cleanups.push(() => ssh.close())
  return ssh
}

/** Starts a guard and a join watch on a connected viewer, as the session core does once connected. */
function guard(on: Ssh2Viewer, run = new GuardRun()): Guarded {
  const host = new ViewerGuardHost(on)
  const sessionGuard = new SessionGuard(host, { enabled: true, run })
  const events: DetectionEvent[] = []
  const watch = new JoinWatch(host, sessionGuard, (batch) => events.push(...batch))
  cleanups.push(() => {
    watch.stop()
    sessionGuard.stop()
  })
  sessionGuard.start()
  return { viewer: on, host, guard: sessionGuard, watch, events }
}

/** The first event of `kind` whose fields include `match`, once it has come. */
async function waitForEvent<K extends DetectionEvent['kind']>(
  guarded: Guarded,
  kind: K,
  match: Partial<Extract<DetectionEvent, { kind: K }>> = {},
): Promise<Extract<DetectionEvent, { kind: K }>> {
  const matches = (event: DetectionEvent): event is Extract<DetectionEvent, { kind: K }> =>
    event.kind === kind && Object.entries(match).every(([key, value]) => (event as unknown as Record<string, unknown>)[key] === value)
  return waitFor(() => guarded.events.find(matches), `a ${kind} event like ${JSON.stringify(match)}`, {
    timeoutMs: 10_000,
    describe: () => JSON.stringify(guarded.events),
  })
}

function waitForLoops(of: TmateSimSession, count: number): Promise<number[]> {
  return waitFor(
    async () => {
      const pids = await guardLoopPids(of.tmuxSocket)
      return pids.length === count ? pids : undefined
    },
    `${count} guard loop(s) on the host`,
    { timeoutMs: 5000, intervalMs: 100 },
  )
}

/** The session is still there: nothing the guard did crashed the host (display-message without -p would). */
async function expectAlive(of: TmateSimSession): Promise<void> {
  const state = await Promise.race([of.ended.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('alive'), 50))])
  expect(state).toBe('alive')
  expect(await of.hostRun(['display', '-p', '#{session_windows}'])).toMatch(/^\d+\n$/)
}

/** The tag of what the guard typed on this connection; it has typed by the time a test asks. */
function tagOf(guarded: Guarded): string {
  const tag = guarded.guard.tag
  if (tag === undefined) throw new Error('the guard has typed nothing yet')
  return tag
}

/** The attack: one command on the VM that puts a count on everyone's status row. */
async function setMarker(of: TmateSimSession, separator: string): Promise<void> {
  await of.hostRun(['set', '-g', 'window-status-separator', separator])
}

describe('session guard on the tmate simulator', () => {
  test('starts from the start-up view: presses q once, waits for the prompt, types once, and its own marker shows 1', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    const screen = guarded.viewer.screen

    await screen.waitForLastRow(new RegExp(`^0:bash\\* ${OWN_MARKER}$`))
    await screen.waitFor(() => guarded.guard.state === 'running', 'the guard to see its marker')
    const tag = tagOf(guarded)
    expect(tag).toMatch(/^[0-9a-z]{6}$/)
    expect(screen.lastRow()).toBe(`0:bash* ⟦mates:1@${tag}⟧`)
    expect(guarded.host.typed).toEqual(['q', `${guardLine('bash', tag, PROMPT.length)}\r`])
    expect(guarded.guard.detail).toBe(GUARD_DETAIL.running)
    // `clear` left a bare prompt: nobody is left looking at the guard's line.
    await screen.waitForText(/^travis@sim:~\$$/m)
    expect(screen.text()).not.toContain('bash -c')
    expect(guarded.watch.mates).toBe(1)
    expect(guarded.events).toEqual([{ kind: 'count', mates: 1 }])
    expect(await waitForLoops(host, 1)).toHaveLength(1)
    await expectAlive(host)
  })

  test('an OpenSSH client joining is reported as joined with 2, and leaving as left with 1', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    await guarded.viewer.screen.waitForLastRow(new RegExp(OWN_MARKER))

    const ssh = intruder(host)
    expect(await waitForEvent(guarded, 'joined')).toEqual({ kind: 'joined', mates: 2, previous: 1 })
    expect(guarded.watch.mates).toBe(2)
    // The intruder's smaller terminal shrinks the shared window: the passive signal agrees.
    expect(await waitForEvent(guarded, 'smaller_client')).toMatchObject({ width: 80, height: 23 })

    ssh.close()
    expect(await waitForEvent(guarded, 'left')).toEqual({ kind: 'left', mates: 1, previous: 2 })
    expect(guarded.watch.mates).toBe(1)
    const alarming = ['present_at_connect', 'detection_unavailable', 'count_disputed', 'early_sign']
    expect(guarded.events.filter((event) => alarming.includes(event.kind))).toEqual([])
    await expectAlive(host)
  })

  test('someone connected before Shipmate is reported as present at connect, and their smaller window as an early sign', async () => {
    const host = await session()
    const ssh = intruder(host)
    await ssh.screen.waitForLastRow(/^0:\[tmux\]\*/)

    const guarded = guard(await viewer(host))
    expect(await waitForEvent(guarded, 'present_at_connect')).toEqual({ kind: 'present_at_connect', mates: 2 })
    expect(await waitForEvent(guarded, 'early_sign', { sign: 'smaller_client' })).toBeDefined()
    expect(guarded.events.some((event) => event.kind === 'joined')).toBe(false)
    expect(guarded.host.typed).toEqual(['q', `${guardLine('bash', tagOf(guarded), PROMPT.length)}\r`])
    await expectAlive(host)
  })

  test('a count set on the VM before Shipmate connected, lower than the real one, is disputed (issue 18)', async () => {
    const host = await session()
    const ssh = intruder(host)
    await ssh.screen.waitForLastRow(/^0:\[tmux\]\*/)
    await setMarker(host, ' ⟦mates:1⟧ ')
    await ssh.screen.waitForLastRow(/⟦mates:1⟧/)

    const guarded = guard(await viewer(host))
    expect(await waitForEvent(guarded, 'count_disputed')).toMatchObject({ reason: 'lower_claim', claimed: 1, own: 2 })
    expect(await waitForEvent(guarded, 'present_at_connect')).toEqual({ kind: 'present_at_connect', mates: 2 })
    expect(await waitForEvent(guarded, 'early_sign', { sign: 'marker' })).toBeDefined()
    expect(guarded.watch.mates).toBe(2)
    // Nothing on the host answered Shipmate's check, so it started a guard of its own, which goes on counting.
    await waitFor(() => guarded.guard.state === 'running', 'the guard Shipmate starts itself', {
      timeoutMs: 10_000,
      describe: () => `${guarded.guard.state}: ${guarded.guard.detail}\nstatus row: ${guarded.viewer.screen.lastRow()}`,
    })
    await guarded.viewer.screen.waitForLastRow(new RegExp(`⟦mates:2@${guarded.guard.tag}⟧`))
    expect(guarded.guard.detail).toBe(GUARD_DETAIL.running)
    ssh.close()
    expect(await waitForEvent(guarded, 'left')).toEqual({ kind: 'left', mates: 1, previous: 2 })
    await expectAlive(host)
  })

  test('a count overwritten by a second writer while Shipmate is connected is disputed', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    await waitForEvent(guarded, 'count', { mates: 1 })
    intruder(host)
    await waitForEvent(guarded, 'joined')

    // The intruder copies what every status row shows, tag included, and lowers the count.
    const shown = / ⟦mates:2[^⟧]*⟧/.exec(guarded.viewer.screen.lastRow())?.[0]
    expect(shown).toBeDefined()
    await setMarker(host, `${(shown ?? '').replace('mates:2', 'mates:1')} `)

    expect(await waitForEvent(guarded, 'count_disputed')).toMatchObject({ reason: 'overwritten' })
    // Shipmate's loop put the real count back, and says it had to.
    await guarded.viewer.screen.waitForLastRow(new RegExp(`⟦mates:2@${guarded.guard.tag}\\+1⟧`))
    expect(guarded.watch.mates).toBe(2)
    await expectAlive(host)
  })

  test('a count on the status row of a server that gives none is disputed, and no count is claimed', async () => {
    const host = await session({ noWebsocket: true })
    const ssh = intruder(host)
    await ssh.screen.waitForLastRow(/^0:\[tmux\]\*/)
    await setMarker(host, ' ⟦mates:1⟧ ')
    await ssh.screen.waitForLastRow(/⟦mates:1⟧/)

    const guarded = guard(await viewer(host))
    expect(await waitForEvent(guarded, 'count_disputed')).toMatchObject({ reason: 'no_count_of_own', claimed: 1 })
    expect(guarded.watch.mates).toBeNull()
    expect(guarded.events.some((event) => event.kind === 'count' && event.mates !== null)).toBe(false)
    await expectAlive(host)
  })

  test('a server without tmate-websocket shows ? and detection is reported unavailable, never all clear', async () => {
    const host = await session({ noWebsocket: true })
    const guarded = guard(await viewer(host))
    await guarded.viewer.screen.waitForLastRow(new RegExp(`^0:bash\\* ${OWN_MARKER}$`))
    expect(guarded.viewer.screen.lastRow()).toContain('⟦mates:?@')

    expect(await waitForEvent(guarded, 'detection_unavailable')).toMatchObject({ reason: 'no_count' })
    await guarded.viewer.screen.waitFor(() => guarded.guard.state === 'running', 'the guard to see its marker')
    expect(guarded.guard.detail).toBe(GUARD_DETAIL.runningNoCount)
    expect(guarded.watch.mates).toBeNull()

    intruder(host)
    // The intruder shows only through the size filler, as a possible join; no count was ever claimed.
    expect(await waitForEvent(guarded, 'possible_join')).toEqual({ kind: 'possible_join', width: 80, height: 23, reason: 'no_count' })
    expect(guarded.events.filter((event) => event.kind === 'count' || event.kind === 'joined')).toEqual([])
    expect(guarded.watch.mates).toBeNull()
    await expectAlive(host)
  })

  test('types nothing while less runs, and starts once less is closed', async () => {
    const host = await session()
    const first = await viewer(host)
    await first.pressQ()
    first.send('less /etc/services\r')
    await first.screen.waitForLastRow(/^0:less\*$/)

    const guarded = guard(first)
    await first.screen.waitFor(() => guarded.guard.detail.includes('`less` is running in window 0'), 'the guard to see less')
    expect(guarded.host.typed).toEqual([])
    expect(guarded.guard.state).toBe('waiting_for_prompt')
    expect(first.screen.text()).not.toContain('bash -c')
    expect(first.screen.lastRow()).toBe('0:less*')

    first.send('q')
    await first.screen.waitForLastRow(new RegExp(`^0:bash\\* ${OWN_MARKER}$`))
    expect(guarded.host.typed).toEqual([`${guardLine('bash', tagOf(guarded), PROMPT.length)}\r`])
    await expectAlive(host)
  })

  test('closing the window the guard was typed in keeps the marker updating', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    const screen = guarded.viewer.screen
    await screen.waitForLastRow(new RegExp(`^0:bash\\* ${OWN_MARKER}$`))
    const marker = `⟦mates:1@${guarded.guard.tag}⟧`

    guarded.viewer.send('\x02c')
    await screen.waitForLastRow(new RegExp(`^0:bash- ${marker} 1:bash\\* ${marker}$`))
    guarded.viewer.send('\x020')
    await screen.waitForLastRow(new RegExp(`^0:bash\\* ${marker} 1:bash- ${marker}$`))
    guarded.viewer.send('exit\r')
    await screen.waitForLastRow(new RegExp(`^1:bash\\* ${marker}$`))

    intruder(host)
    await screen.waitForLastRow(new RegExp(`^1:bash\\* ⟦mates:2@${guarded.guard.tag}⟧$`))
    expect(await waitForEvent(guarded, 'joined')).toEqual({ kind: 'joined', mates: 2, previous: 1 })
    expect(await waitForLoops(host, 1)).toHaveLength(1)
    await expectAlive(host)
  })

  test('killing the window the guard was typed in (its shell is hung up) does not stop the loop', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    const screen = guarded.viewer.screen
    await screen.waitForLastRow(new RegExp(`^0:bash\\* ${OWN_MARKER}$`))
    const [loop] = await waitForLoops(host, 1)
    const tag = guarded.guard.tag

    guarded.viewer.send('\x02c')
    await screen.waitForLastRow(new RegExp(`^0:bash- ⟦mates:1@${tag}⟧ 1:bash\\* ⟦mates:1@${tag}⟧$`))
    await host.hostRun(['kill-window', '-t', ':0'])
    await screen.waitForLastRow(new RegExp(`^1:bash\\* ⟦mates:1@${tag}⟧$`))

    intruder(host)
    await screen.waitForLastRow(new RegExp(`^1:bash\\* ⟦mates:2@${tag}⟧$`))
    expect(await guardLoopPids(host.tmuxSocket)).toEqual([loop])
    await expectAlive(host)
  })

  test('a reconnect in the same app run reuses its own loop: a fresh reading, no second loop, no alarm', async () => {
    const host = await session()
    const run = new GuardRun()
    const first = guard(await viewer(host), run)
    await first.viewer.screen.waitForLastRow(new RegExp(OWN_MARKER))
    const [loop] = await waitForLoops(host, 1)
    expect(loop).toBeDefined()

    first.watch.stop()
    first.guard.stop()
    first.viewer.close()
    await first.viewer.closed

    const second = guard(await viewer(host), run)
    await second.viewer.screen.waitFor(
      () => second.guard.state === 'running' && second.guard.detail === GUARD_DETAIL.reused,
      'the reconnected guard to get its loop’s answer',
    )
    const tag = tagOf(second)
    expect(tag).not.toBe(first.guard.tag)
    // One short line that reads the count once and asks the loop for a fresh one under the new tag.
    expect(second.host.typed).toEqual([`${guardRequestLine('bash', tag, PROMPT.length)}\r`])
    await second.viewer.screen.waitForLastRow(new RegExp(`^0:bash\\* ⟦mates:1@${tag}⟧$`))
    expect(await guardLoopPids(host.tmuxSocket)).toEqual([loop])
    expect(second.watch.mates).toBe(1)
    // The 0 published while nobody was connected is no join of ours, and our own loop is no stranger.
    expect(second.events.filter((event) => event.kind !== 'count')).toEqual([])
    await expectAlive(host)
  })

  test('a loop another Shipmate left on the host is kept, and its count is checked against a reading of our own', async () => {
    const host = await session()
    const other = guard(await viewer(host))
    await other.viewer.screen.waitForLastRow(new RegExp(OWN_MARKER))
    const [loop] = await waitForLoops(host, 1)
    other.watch.stop()
    other.guard.stop()
    other.viewer.close()
    await other.viewer.closed

    const guarded = guard(await viewer(host))
    await guarded.viewer.screen.waitFor(() => guarded.guard.state === 'running', 'the guard to get an answer')
    expect(guarded.guard.detail).toBe(GUARD_DETAIL.reused)
    expect(guarded.host.typed).toEqual([`${guardRequestLine('bash', tagOf(guarded), PROMPT.length)}\r`])
    expect(await guardLoopPids(host.tmuxSocket)).toEqual([loop])
    expect(await waitForEvent(guarded, 'early_sign', { sign: 'marker' })).toBeDefined()
    expect(guarded.watch.mates).toBe(1)

    intruder(host)
    expect(await waitForEvent(guarded, 'joined')).toEqual({ kind: 'joined', mates: 2, previous: 1 })
    expect(guarded.events.some((event) => event.kind === 'count_disputed')).toBe(false)
    await expectAlive(host)
  })

  test('the loop ends when the session ends, leaving no process behind', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    await guarded.viewer.screen.waitForLastRow(new RegExp(OWN_MARKER))
    expect(await waitForLoops(host, 1)).toHaveLength(1)
    await expectAlive(host)

    expect(await guardProcessPids(host.tmuxSocket)).not.toEqual([])

    await host.end()
    expect(await waitForLoops(host, 0)).toEqual([])
    // The coprocess that made the reads goes with its loop.
    await waitFor(async () => (await guardProcessPids(host.tmuxSocket)).length === 0, 'the coprocess to end', { timeoutMs: 5000, intervalMs: 100 })
  })
})
