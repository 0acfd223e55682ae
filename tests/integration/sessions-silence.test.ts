import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TimelineKind } from '@shared/api'
import { SessionAlerts } from '../../electron/core/alerts/session-alerts'
import type { Logger } from '../../electron/core/log'
import { SessionsHarness } from '../support/sessions-harness'
import { startStallingProxy, type StallingProxy } from '../support/stalling-proxy'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'

/**
 * A server that stops answering without closing (paused, or the path to it gone): the session says
 * so within a few missed keepalives, refuses keys it could not deliver, gives up, reconnects, and
 * does not mistake its own old connection, still counted by the host, for an intruder.
 */

let sim: TmateSim
let stalling: StallingProxy
let refusing: TcpProxy

beforeAll(async () => {
  sim = await startTmateSim()
  stalling = await startStallingProxy(sim.port)
  refusing = await startTcpProxy(sim.port)
})

afterAll(async () => {
  await stalling.close()
  await refusing.close()
  await sim.close()
})

/**
 * Keepalives every 500 ms: a missed one shows after 1 s, and the connection is given up after 6.
 * Not shorter: on a loaded machine an answer can take a few hundred ms, and a false silence refuses keys.
 */
const FAST_KEEPALIVE = { intervalMs: 500, countMax: 6, answerGraceMs: 500 }
const FAST_RECONNECT = { baseMs: 100, capMs: 400, maxTries: 3 }
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
const ALARMS: TimelineKind[] = ['alert', 'count_disputed', 'present_at_connect', 'joined', 'early_sign']

describe('a server that stops answering', () => {
  test('shows as not responding, refuses keys it cannot deliver, and reconnects', async () => {
    const harness = await SessionsHarness.start({ reconnect: FAST_RECONNECT, keepalive: FAST_KEEPALIVE })
    const session = await sim.createSession()
    try {
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: stalling.port, token: session.token, readOnly: false })
      await harness.waitForState(id, 'connected')
      await harness.pressQ(id)
      expect(harness.summary(id).silentSince).toBeUndefined()

      stalling.stall()
      // Typed before anything could tell the server was gone: it goes out, and is lost with the connection.
      await harness.sessions.input(id, 'echo early')
      const silent = await harness.waitFor(() => {
        const summary = harness.summary(id)
        return summary.silentSince !== undefined ? summary : undefined
      }, 'the session to say the server is not responding')
      expect(silent.state).toBe('connected')
      expect(Date.parse(silent.silentSince ?? '')).toBeLessThanOrEqual(Date.now())

      // Typed into the silence: refused in words, never taken and dropped.
      await expect(harness.sessions.input(id, 'echo lost\r')).rejects.toThrow(/not responding.*not sent/i)

      await harness.waitForState(id, 'reconnecting')
      await expect(harness.sessions.input(id, 'echo lost too\r')).rejects.toThrow(/reconnecting.*not sent/i)
      await harness.waitForState(id, 'connected')
      expect(harness.summary(id).silentSince).toBeUndefined()

      const lost = harness.sessions.timeline(id).find((event) => event.kind === 'disconnected')
      expect(lost?.detail).toMatch(/stopped answering/)
      expect(lost?.detail).toMatch(/keys you typed in the last .* may not have reached the host/i)

      harness.run(id, 'echo "after the silence"')
      await harness.waitForText(id, /^after the silence$/m)
      expect(harness.view(id).text()).not.toMatch(/lost|early/)
      expect(harness.sessions.timeline(id).map((event) => event.kind)).toEqual(['connected', 'disconnected', 'reconnected'])
    } finally {
      stalling.cutStalled()
      await harness.dispose()
      await session.end()
    }
  })

  test('Retry now gives up a silent connection at once, and skips the wait between tries', async () => {
    const harness = await SessionsHarness.start({
      // Never given up by keepalive here, and a minute between tries: only "Retry now" can bring it back in time.
      keepalive: { intervalMs: 500, countMax: 1000, answerGraceMs: 500 },
      reconnect: { baseMs: 60_000, capMs: 60_000, maxTries: 3 },
    })
    const session = await sim.createSession()
    try {
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: stalling.port, token: session.token, readOnly: false })
      await harness.waitForState(id, 'connected')
      stalling.stall()
      await harness.waitFor(() => harness.summary(id).silentSince !== undefined, 'not responding')
      harness.sessions.reconnect(id)
      await harness.waitFor(() => harness.sessions.timeline(id).some((event) => event.kind === 'reconnected'), 'the reconnect')
      expect(harness.summary(id).state).toBe('connected')
      expect(harness.summary(id).silentSince).toBeUndefined()
      expect(harness.sessions.timeline(id).map((event) => event.kind)).toEqual(['connected', 'disconnected', 'reconnected'])
      expect(harness.sessions.timeline(id)[1]?.detail).toBe('The server stopped answering; you asked to reconnect.')

      stalling.cutStalled()
      stalling.stall()
      await harness.waitFor(() => harness.summary(id).silentSince !== undefined, 'not responding again')
      stalling.cutStalled()
      // Cut now on both sides: the session waits a minute before its next try…
      const waiting = await harness.waitForState(id, 'reconnecting')
      expect(waiting.detail).toMatch(/retrying in \d+ s/)
      // …unless the user asks.
      harness.sessions.reconnect(id)
      await harness.waitFor(() => harness.sessions.timeline(id).filter((event) => event.kind === 'reconnected').length === 2, 'the second reconnect')
    } finally {
      stalling.cutStalled()
      await harness.dispose()
      await session.end()
    }
  })

  test('a reconnect that finds its own old connection still counted raises no alert, and a real join still does', async () => {
    const harness = await SessionsHarness.start({ reconnect: FAST_RECONNECT, keepalive: FAST_KEEPALIVE })
    const alerts = new SessionAlerts({ sessions: harness.sessions, events: harness.hub, log: quiet })
    const session = await sim.createSession()
    let intruder: Ssh2Viewer | undefined
    try {
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: stalling.port, token: session.token, readOnly: false })
      await harness.waitFor(() => harness.summary(id).detection.state === 'on' && harness.summary(id).mates === 1, 'the guard to count 1', 15_000)

      stalling.stall()
      await harness.waitForState(id, 'reconnecting')
      await harness.waitForState(id, 'connected')
      // The host counts the new connection and the old one it has not seen go.
      await harness.waitFor(() => harness.summary(id).mates === 2, 'the count with the old connection in it', 15_000)
      expect(session.viewers()).toBe(2)
      await harness.waitFor(
        () => harness.sessions.timeline(id).find((event) => event.kind === 'previous_connection'),
        'the timeline to say the old connection is still counted',
      )
      const still = harness.sessions.timeline(id).find((event) => event.kind === 'previous_connection')
      expect(still?.detail).toMatch(/your previous connection is still counted/i)
      expect(harness.sessions.timeline(id).filter((event) => ALARMS.includes(event.kind))).toEqual([])
      expect(harness.summary(id).alert).toBe(false)
      expect(harness.payloads('alerts.notify')).toEqual([])

      // The host notices at last: the count drops, and that is no "someone left" either.
      stalling.cutStalled()
      await harness.waitFor(() => harness.summary(id).mates === 1, 'the count without the old connection')
      await harness.waitFor(
        () => harness.sessions.timeline(id).find((event) => event.kind === 'previous_connection_gone'),
        'the timeline to say the old connection is gone',
      )
      expect(harness.sessions.timeline(id).filter((event) => event.kind === 'left' || ALARMS.includes(event.kind))).toEqual([])

      // Anyone beyond Shipmate's own connections is an intruder, as ever.
      intruder = await Ssh2Viewer.connect({ port: sim.port, token: session.token })
      await harness.waitFor(() => harness.summary(id).alert, 'the alert for a real join')
      expect(harness.payloads('alerts.notify')).toHaveLength(1)
    } finally {
      intruder?.close()
      stalling.cutStalled()
      alerts.dispose()
      await harness.dispose()
      await session.end()
    }
  })

  test('someone who joins while the old connection is still counted raises the alert', async () => {
    const harness = await SessionsHarness.start({ reconnect: FAST_RECONNECT, keepalive: FAST_KEEPALIVE })
    const alerts = new SessionAlerts({ sessions: harness.sessions, events: harness.hub, log: quiet })
    const session = await sim.createSession()
    let intruder: Ssh2Viewer | undefined
    try {
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: stalling.port, token: session.token, readOnly: false })
      await harness.waitFor(() => harness.summary(id).detection.state === 'on' && harness.summary(id).mates === 1, 'the guard to count 1', 15_000)
      stalling.stall()
      await harness.waitForState(id, 'reconnecting')
      await harness.waitFor(
        () => harness.sessions.timeline(id).find((event) => event.kind === 'previous_connection'),
        'the old connection to be accounted for',
        15_000,
      )
      expect(harness.summary(id).alert).toBe(false)
      intruder = await Ssh2Viewer.connect({ port: sim.port, token: session.token })
      await harness.waitFor(() => harness.summary(id).alert && harness.summary(id).mates === 3, 'the alert for the one beyond')
      expect(harness.sessions.timeline(id).map((event) => event.kind)).toContain('joined')
    } finally {
      intruder?.close()
      stalling.cutStalled()
      alerts.dispose()
      await harness.dispose()
      await session.end()
    }
  })
})

describe('a session that failed for good', () => {
  test('records the failure in its timeline and can be reconnected', async () => {
    const harness = await SessionsHarness.start({ reconnect: { baseMs: 50, capMs: 100, maxTries: 2 } })
    const session = await sim.createSession()
    try {
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: refusing.port, token: session.token, readOnly: false })
      await harness.waitForState(id, 'connected')
      await harness.pressQ(id)
      refusing.setRefusing(true)
      refusing.dropConnections()
      const failed = await harness.waitForState(id, 'failed', 15_000)
      const last = harness.sessions.timeline(id).at(-1)
      expect(last).toMatchObject({ kind: 'failed', detail: failed.detail })

      refusing.setRefusing(false)
      harness.sessions.reconnect(id)
      await harness.waitForState(id, 'connected')
      expect(harness.sessions.timeline(id).at(-1)?.kind).toBe('reconnected')
      harness.run(id, 'echo "back again"')
      await harness.waitForText(id, /^back again$/m)
    } finally {
      refusing.setRefusing(false)
      await harness.dispose()
      await session.end()
    }
  })
})
