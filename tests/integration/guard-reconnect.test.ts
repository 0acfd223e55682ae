import { afterAll, beforeAll, expect, test } from 'vitest'
import type { TimelineKind } from '@shared/api'
import { SessionAlerts } from '../../electron/core/alerts/session-alerts'
import type { Logger } from '../../electron/core/log'
import { GUARD_DETAIL } from '../../electron/core/alerts/guard'
import { guardLoopPids } from '../support/guard-processes'
import { waitFor } from '../support/poll'
import { SessionsHarness } from '../support/sessions-harness'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

/**
 * The session alerts as the app wires them (one guard run per app, the session core reconnecting
 * through a relay that can cut the line), so a reconnect is the app's own: same session id, same
 * app run, a fresh guard on the new connection.
 */

let sim: TmateSim
let proxy: TcpProxy

beforeAll(async () => {
  sim = await startTmateSim()
  proxy = await startTcpProxy(sim.port)
})

afterAll(async () => {
  await proxy.close()
  await sim.close()
})

const FAST_RECONNECT = { baseMs: 100, capMs: 400, maxTries: 3 }
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
const ALARMS: TimelineKind[] = ['alert', 'count_disputed', 'present_at_connect', 'joined', 'early_sign']

test('a dropped connection comes back to its own guard: one fresh read, no second loop, no alarm', async () => {
  const harness = await SessionsHarness.start({ reconnect: FAST_RECONNECT })
  const alerts = new SessionAlerts({ sessions: harness.sessions, events: harness.hub, log: quiet })
  const session = await sim.createSession()
  try {
    const { id } = harness.sessions.open({ host: '127.0.0.1', port: proxy.port, token: session.token, readOnly: false })
    await harness.waitFor(() => harness.summary(id).detection.state === 'on' && harness.summary(id).mates === 1, 'the guard to count 1')
    expect(harness.summary(id).detection.detail).toBe(GUARD_DETAIL.running)
    const [loop] = await waitFor(async () => {
      const pids = await guardLoopPids(session.tmuxSocket)
      return pids.length === 1 ? pids : undefined
    }, 'the guard loop')
    const before = harness.sessions.timeline(id).length

    proxy.dropConnections()
    await harness.waitForState(id, 'reconnecting')
    await harness.waitForState(id, 'connected')
    await harness.waitFor(() => harness.summary(id).detection.detail === GUARD_DETAIL.reused, 'the loop to answer the reconnected guard', 15_000)

    const after = harness.sessions.timeline(id).slice(before)
    expect(after.map((event) => event.kind)).toContain('reconnected')
    expect(after.filter((event) => ALARMS.includes(event.kind))).toEqual([])
    expect(after.filter((event) => event.kind === 'guard_started').map((event) => event.mates)).toEqual([1])
    expect(harness.summary(id)).toMatchObject({ mates: 1, alert: false, detection: { state: 'on' } })
    // While the connection was down nothing was watched: no summary of that time says detection is on or gives a count.
    const whileDown = harness.payloads('sessions.changed').filter((summary) => summary.id === id && summary.state === 'reconnecting')
    expect(whileDown.length).toBeGreaterThan(0)
    expect(whileDown.filter((summary) => summary.detection.state !== 'starting' || summary.mates !== null)).toEqual([])
    expect(await guardLoopPids(session.tmuxSocket)).toEqual([loop])
    // The short request the guard typed on the new connection erased itself: the screen is as the VM left it.
    await harness.waitFor(() => !(harness.sessions.mirrorOf(id)?.screenText() ?? 'tmate').includes('tmate'), 'the request line to leave the screen')
    expect(harness.sessions.mirrorOf(id)?.screenText()).not.toContain('bash -c')
  } finally {
    alerts.dispose()
    await harness.dispose()
    await session.end()
  }
})
