import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { DetectionEvent } from '../../electron/core/alerts/detector'
import { JoinWatch } from '../../electron/core/alerts/join-watch'
import { GUARD_DETAIL, SessionGuard } from '../../electron/core/sessions/guard'
import { guardLine } from '../../electron/core/sessions/guard-script'
import { ViewerGuardHost } from '../support/guard-host'
import { guardLoopPids, guardProcessPids } from '../support/guard-processes'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'

/**
 * The session guard and join detection against the tmate simulator: a real tmux host, an ssh2
 * viewer as Shipmate connects, and OpenSSH as the intruder. The simulator shows no join notice to
 * anyone, so whatever is detected here came through the guard's marker.
 */

const TYPED_LINE = `${guardLine('bash')}\r`

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
function guard(on: Ssh2Viewer): Guarded {
  const host = new ViewerGuardHost(on)
  const sessionGuard = new SessionGuard(host, { enabled: true })
  const events: DetectionEvent[] = []
  const watch = new JoinWatch(host, sessionGuard, (batch) => events.push(...batch))
  cleanups.push(() => {
    watch.stop()
    sessionGuard.stop()
  })
  sessionGuard.start()
  return { viewer: on, host, guard: sessionGuard, watch, events }
}

async function waitForEvent<K extends DetectionEvent['kind']>(
  guarded: Guarded,
  kind: K,
  timeoutMs = 8000,
): Promise<Extract<DetectionEvent, { kind: K }>> {
  return guarded.viewer.screen.waitFor(
    () => guarded.events.find((event): event is Extract<DetectionEvent, { kind: K }> => event.kind === kind),
    `a ${kind} event (have: ${JSON.stringify(guarded.events)})`,
    timeoutMs,
  )
}

async function waitForLoops(of: TmateSimSession, count: number, timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const pids = await guardLoopPids(of.tmuxSocket)
    if (pids.length === count || Date.now() > deadline) return pids
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The session is still there: nothing the guard did crashed the host (display-message without -p would). */
async function expectAlive(of: TmateSimSession): Promise<void> {
  const state = await Promise.race([of.ended.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('alive'), 50))])
  expect(state).toBe('alive')
  expect(await of.hostRun(['display', '-p', '#{session_windows}'])).toMatch(/^\d+\n$/)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('session guard on the tmate simulator', () => {
  test('starts from the start-up view: presses q once, waits for the prompt, types once, and the marker shows 1', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    const screen = guarded.viewer.screen

    await screen.waitForLastRow(/^0:bash\* ⟦mates:1⟧$/)
    await screen.waitFor(() => guarded.guard.state === 'running', 'the guard to see its marker')
    expect(guarded.host.typed).toEqual(['q', TYPED_LINE])
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
    await guarded.viewer.screen.waitForLastRow(/⟦mates:1⟧/)

    const ssh = intruder(host)
    expect(await waitForEvent(guarded, 'joined')).toEqual({ kind: 'joined', mates: 2, previous: 1 })
    expect(guarded.watch.mates).toBe(2)
    // The intruder's smaller terminal shrinks the shared window: the passive signal agrees.
    expect(await waitForEvent(guarded, 'smaller_client')).toMatchObject({ width: 80, height: 23 })

    ssh.close()
    expect(await waitForEvent(guarded, 'left')).toEqual({ kind: 'left', mates: 1, previous: 2 })
    expect(guarded.watch.mates).toBe(1)
    expect(guarded.events.some((event) => event.kind === 'present_at_connect' || event.kind === 'detection_unavailable')).toBe(false)
    await expectAlive(host)
  })

  test('someone connected before Shipmate is reported as present at connect', async () => {
    const host = await session()
    const ssh = intruder(host)
    await ssh.screen.waitForLastRow(/^0:\[tmux\]\*/)

    const guarded = guard(await viewer(host))
    expect(await waitForEvent(guarded, 'present_at_connect')).toEqual({ kind: 'present_at_connect', mates: 2 })
    expect(guarded.events.some((event) => event.kind === 'joined')).toBe(false)
    expect(guarded.host.typed).toEqual(['q', TYPED_LINE])
    await expectAlive(host)
  })

  test('a server without tmate-websocket shows ? and detection is reported unavailable, never all clear', async () => {
    const host = await session({ noWebsocket: true })
    const guarded = guard(await viewer(host))
    await guarded.viewer.screen.waitForLastRow(/^0:bash\* ⟦mates:\?⟧$/)

    expect(await waitForEvent(guarded, 'detection_unavailable')).toMatchObject({ reason: 'no_count' })
    await guarded.viewer.screen.waitFor(() => guarded.guard.state === 'running', 'the guard to see its marker')
    expect(guarded.guard.detail).toBe(GUARD_DETAIL.runningNoCount)
    expect(guarded.watch.mates).toBeNull()

    const ssh = intruder(host)
    await ssh.screen.waitForLastRow(/⟦mates:\?⟧/)
    await sleep(1500)
    // The intruder shows only through the size filler; no count was ever claimed.
    expect(guarded.events.filter((event) => event.kind === 'count' || event.kind === 'joined')).toEqual([])
    expect(guarded.events.some((event) => event.kind === 'smaller_client')).toBe(true)
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
    await sleep(2000)
    expect(guarded.host.typed).toEqual([])
    expect(guarded.guard.state).toBe('waiting_for_prompt')
    expect(guarded.guard.detail).toContain('`less` is running in window 0')
    expect(first.screen.text()).not.toContain('bash -c')
    expect(first.screen.lastRow()).toBe('0:less*')

    first.send('q')
    await first.screen.waitForLastRow(/^0:bash\* ⟦mates:1⟧$/)
    expect(guarded.host.typed).toEqual([TYPED_LINE])
    await expectAlive(host)
  })

  test('closing the window the guard was typed in keeps the marker updating', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    const screen = guarded.viewer.screen
    await screen.waitForLastRow(/^0:bash\* ⟦mates:1⟧$/)

    guarded.viewer.send('\x02c')
    await screen.waitForLastRow(/^0:bash- ⟦mates:1⟧ 1:bash\* ⟦mates:1⟧$/)
    guarded.viewer.send('\x020')
    await screen.waitForLastRow(/^0:bash\* ⟦mates:1⟧ 1:bash- ⟦mates:1⟧$/)
    guarded.viewer.send('exit\r')
    await screen.waitForLastRow(/^1:bash\* ⟦mates:1⟧$/)

    intruder(host)
    await screen.waitForLastRow(/^1:bash\* ⟦mates:2⟧$/)
    expect(await waitForEvent(guarded, 'joined')).toEqual({ kind: 'joined', mates: 2, previous: 1 })
    expect(await waitForLoops(host, 1)).toHaveLength(1)
    await expectAlive(host)
  })

  test('killing the window the guard was typed in (its shell is hung up) does not stop the loop', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    const screen = guarded.viewer.screen
    await screen.waitForLastRow(/^0:bash\* ⟦mates:1⟧$/)
    const [loop] = await waitForLoops(host, 1)

    guarded.viewer.send('\x02c')
    await screen.waitForLastRow(/^0:bash- ⟦mates:1⟧ 1:bash\* ⟦mates:1⟧$/)
    await host.hostRun(['kill-window', '-t', ':0'])
    await screen.waitForLastRow(/^1:bash\* ⟦mates:1⟧$/)

    intruder(host)
    await screen.waitForLastRow(/^1:bash\* ⟦mates:2⟧$/)
    expect(await guardLoopPids(host.tmuxSocket)).toEqual([loop])
    await expectAlive(host)
  })

  test('a viewer reconnecting finds the marker and starts no second loop', async () => {
    const host = await session()
    const first = guard(await viewer(host))
    await first.viewer.screen.waitForLastRow(/⟦mates:1⟧/)
    const [loop] = await waitForLoops(host, 1)
    expect(loop).toBeDefined()

    first.watch.stop()
    first.guard.stop()
    first.viewer.close()
    await first.viewer.closed

    const second = guard(await viewer(host))
    await second.viewer.screen.waitForLastRow(/^0:bash\* ⟦mates:1⟧$/)
    await second.viewer.screen.waitFor(() => second.guard.state === 'running', 'the second guard to find the marker')
    expect(second.guard.detail).toBe(GUARD_DETAIL.alreadyRunning)
    await sleep(1000)
    expect(second.host.typed).toEqual([])
    expect(await guardLoopPids(host.tmuxSocket)).toEqual([loop])
    expect(second.watch.mates).toBe(1)
    // The 0 published while nobody was connected is no join of ours.
    expect(second.events.filter((event) => event.kind !== 'count')).toEqual([])
    await expectAlive(host)
  })

  test('the loop ends when the session ends, leaving no process behind', async () => {
    const host = await session()
    const guarded = guard(await viewer(host))
    await guarded.viewer.screen.waitForLastRow(/⟦mates:1⟧/)
    expect(await waitForLoops(host, 1)).toHaveLength(1)
    await expectAlive(host)

    expect(await guardProcessPids(host.tmuxSocket)).not.toEqual([])

    await host.end()
    expect(await waitForLoops(host, 0)).toEqual([])
    // The coprocess that made the reads goes with its loop.
    const deadline = Date.now() + 5000
    while ((await guardProcessPids(host.tmuxSocket)).length > 0 && Date.now() < deadline) await sleep(100)
    expect(await guardProcessPids(host.tmuxSocket)).toEqual([])
  })
})
