import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SessionJobRef } from '@shared/api'
import { SessionsHarness } from '../support/sessions-harness'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

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

/**
 * Small, because tmux itself drops frames for a slow client: of `seq 1 300000` (2 MB in the pane)
 * a viewer receives well under 100 kB, so the default 128 KiB would hardly be reached here.
 */
const HIGH = 16 * 1024
const FAST_RECONNECT = { baseMs: 100, capMs: 400, maxTries: 3 }

describe('flow control', () => {
  test('a flood with a slow renderer pauses the SSH stream and loses nothing', async () => {
    const harness = await SessionsHarness.start({
      manualAck: true,
      flowControl: { highBytes: HIGH, lowBytes: 4 * 1024, stallMs: 60_000 },
    })
    try {
      const session = await sim.createSession()
      const { id } = harness.sessions.open({ host: sim.host, port: sim.port, token: session.token, readOnly: false }, undefined, { cols: 200, rows: 60 })
      const view = harness.view(id)
      const ackAll = (): void => {
        harness.sessions.ack(id, view.parsedUnacked)
        view.parsedUnacked = 0
      }
      await harness.waitForState(id, 'connected')
      await harness.pressQ(id)
      ackAll()
      expect(harness.sessions.stats(id)).toMatchObject({ paused: false, pauses: 0 })

      harness.run(id, 'clear; seq 1 300000; echo "DONE $((6 * 7))"')
      // The renderer acknowledges about 80 kB/s: slower than tmux sends.
      let maxUnacked = 0
      let sawPaused = false
      const done = /^DONE 42\ntravis@sim:~\$$/m
      const deadline = Date.now() + 30_000
      for (;;) {
        await view.flush()
        if (done.test(view.text())) break
        if (Date.now() > deadline) throw new Error(`flood did not finish; screen:\n${view.text()}`)
        const stats = harness.sessions.stats(id)
        maxUnacked = Math.max(maxUnacked, stats.unacked)
        sawPaused ||= stats.paused
        const step = Math.min(view.parsedUnacked, 2 * 1024)
        harness.sessions.ack(id, step)
        view.parsedUnacked -= step
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      expect(sawPaused).toBe(true)
      expect(harness.sessions.stats(id).pauses).toBeGreaterThan(0)
      // Paused at the high watermark: little more than one SSH packet (32 KiB) came in meanwhile.
      expect(maxUnacked).toBeLessThan(HIGH + 64 * 1024)
      expect(maxUnacked).toBeGreaterThan(HIGH)
      await harness.waitFor(() => {
        ackAll()
        return !harness.sessions.stats(id).paused
      }, 'the stream to resume once everything is acknowledged')

      // Every byte read from SSH goes out as output (the output is ASCII: as many bytes after
      // decoding as before), in order: the renderer's screen is the pane's.
      await harness.waitFor(() => {
        const stats = harness.sessions.stats(id)
        return stats.emitted === stats.received
      }, 'every byte received to be sent on')
      const after = harness.sessions.stats(id)
      const outputs = harness.payloads('sessions.output').filter((output) => output.sessionId === id)
      expect(outputs.reduce((sum, output) => sum + output.bytes, 0)).toBe(after.emitted)
      expect(view.bytes).toBe(after.emitted)
      const pane = (await session.hostRun(['capture-pane', '-p', '-t', 'default:'])).split('\n').slice(0, 59)
      const seen = view.text().split('\n').slice(0, 59)
      expect(seen).toEqual(pane.map((line) => line.trimEnd()))
      expect(seen.slice(-4)).toEqual(['299999', '300000', 'DONE 42', 'travis@sim:~$'])
      expect(seen.slice(0, 56).map(Number)).toEqual(Array.from({ length: 56 }, (_, i) => 299944 + i))
      // Nobody pressed an interrupt: nothing was skipped, and nothing told the page to drop output.
      expect(after.skips).toBe(0)
      expect(harness.payloads('sessions.output').filter((output) => output.restart !== undefined)).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(harness.sessions.mirrorOf(id)?.screenText()).toBe(view.text())
      await session.end()
    } finally {
      await harness.dispose()
    }
  })
})

describe('an interrupt under a flood', () => {
  test('Ctrl-C skips the output queued ahead of it for the page, whose screen then is the host\'s pane', async () => {
    const harness = await SessionsHarness.start({
      manualAck: true,
      flowControl: { highBytes: HIGH, lowBytes: 4 * 1024, stallMs: 60_000 },
    })
    try {
      const session = await sim.createSession()
      const { id } = harness.sessions.open({ host: sim.host, port: sim.port, token: session.token, readOnly: false }, undefined, { cols: 120, rows: 40 })
      const view = harness.view(id)
      const ackParsed = (): void => {
        harness.sessions.ack(id, view.parsedUnacked)
        view.parsedUnacked = 0
      }
      await harness.waitForState(id, 'connected')
      await harness.pressQ(id)
      ackParsed()

      // A Ctrl-C with the page up to date skips nothing.
      harness.sessions.input(id, '\x03')
      await harness.waitForText(id, /^travis@sim:~\$ \^C\ntravis@sim:~\$$/m)
      ackParsed()
      expect(harness.sessions.stats(id).skips).toBe(0)

      harness.run(id, 'clear; yes flood-line-of-some-length')
      // A page that has stopped keeping up: it parses, but acknowledges nothing until the interrupt.
      await harness.waitFor(() => harness.sessions.stats(id).paused, 'the stream to pause for the page', 15_000)
      const emittedAtInterrupt = harness.sessions.stats(id).emitted
      harness.sessions.input(id, '\x03')
      const pump = setInterval(ackParsed, 20)
      try {
        const prompt = /^travis@sim:~\$$/m
        await harness.waitFor(async () => {
          await view.flush()
          return prompt.test(view.text()) && !harness.sessions.stats(id).paused
        }, 'the prompt on the page after Ctrl-C', 20_000)
        // The page's screen is the host's pane, row for row (the status row aside).
        await harness.waitFor(async () => {
          await view.flush()
          const pane = (await session.hostRun(['capture-pane', '-p', '-t', 'default:'])).split('\n').slice(0, 39).map((line) => line.trimEnd())
          return JSON.stringify(view.text().split('\n').slice(0, 39)) === JSON.stringify(pane)
        }, "the page's screen to be the host's pane", 10_000)
      } finally {
        clearInterval(pump)
      }
      const after = harness.sessions.stats(id)
      expect(after.skips).toBe(1)
      // What went to the page after the interrupt is the screen and what followed, not the flood queued ahead of it.
      expect(after.emitted - emittedAtInterrupt).toBeLessThan(32 * 1024)
      // The screen is marked as a restart, so the page may drop the flood it has not parsed yet.
      const restarts = harness.payloads('sessions.output').filter((output) => output.restart === true)
      expect(restarts).toHaveLength(1)
      expect(restarts[0]?.data.startsWith('\x1bc')).toBe(true)
      await session.end()
    } finally {
      await harness.dispose()
    }
  })
})

describe('decoding', () => {
  test('multi-byte characters cut across SSH packets arrive whole', async () => {
    const harness = await SessionsHarness.start()
    try {
      const session = await sim.createSession()
      const { id } = harness.sessions.open({ host: sim.host, port: sim.port, token: session.token, readOnly: false }, undefined, { cols: 120, rows: 40 })
      await harness.waitForState(id, 'connected')
      await harness.pressQ(id)
      const before = harness.payloads('sessions.output').length
      harness.run(id, "clear; yes 'é日本€😀 ñ' | head -n 30000 | nl; echo FIN")
      await harness.waitForText(id, /^FIN$/m, 20_000)
      const outputs = harness.payloads('sessions.output').slice(before)
      const text = outputs.map((output) => output.data).join('')
      expect(text.length).toBeGreaterThan(10_000)
      // tmux drops output for a slow client and may cut a character short when it does; the next
      // thing it sends is then an escape sequence. A character split between two reads and
      // decoded piecewise would leave a U+FFFD followed by text instead.
      const brokenInText = [...text.matchAll(/\uFFFD/g)].filter((match) => text[match.index + 1] !== '\x1b')
      expect(brokenInText).toEqual([])
      expect(text.match(/é日本€😀 ñ/g)?.length).toBeGreaterThan(100)
      expect(harness.view(id).text()).toMatch(/^ +30000 +é日本€😀 ñ$/m)
      await session.end()
    } finally {
      await harness.dispose()
    }
  })
})

describe('dropped connections', () => {
  test('a drop reconnects to the same session id, and the screen comes back', async () => {
    const harness = await SessionsHarness.start({ reconnect: FAST_RECONNECT })
    try {
      const session = await sim.createSession()
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: proxy.port, token: session.token, readOnly: false })
      await harness.waitForState(id, 'connected')
      await harness.pressQ(id)
      harness.run(id, 'echo "before the drop"')
      await harness.waitForText(id, /^before the drop$/m)

      proxy.dropConnections()
      const reconnecting = await harness.waitForState(id, 'reconnecting')
      expect(reconnecting.detail).toMatch(/^Connection lost; retrying in 1 s \(try 1 of 3\)$/)
      await harness.waitForState(id, 'connected')
      await harness.waitFor(() => session.viewers() === 1, 'one viewer again')
      harness.run(id, 'echo "after the drop"')
      await harness.waitForText(id, /^before the drop\n(.*\n)*after the drop$/m)
      expect(harness.sessions.list().map((s) => s.id)).toEqual([id])
      expect(harness.sessions.timeline(id).map((event) => event.kind)).toEqual(['connected', 'disconnected', 'reconnected'])
      expect(harness.payloads('sessions.timeline').map((event) => event.kind)).toEqual(['connected', 'disconnected', 'reconnected'])

      harness.sessions.disconnect(id)
      expect(harness.summary(id)).toMatchObject({
        state: 'ended',
        detail: 'You disconnected. The tmate session itself goes on; open it again to rejoin.',
      })
      await harness.waitFor(() => session.viewers() === 0, 'the viewer to leave')
      expect(harness.sessions.timeline(id).at(-1)?.kind).toBe('disconnected')
      await harness.sessions.forget(id)
      expect(harness.payloads('sessions.removed')).toEqual([{ sessionId: id }])
      expect(() => harness.sessions.snapshot(id)).toThrow('no longer open')
      await session.end()
    } finally {
      await harness.dispose()
    }
  })

  test('a drop after the job has finished ends the session instead of retrying', async () => {
    const asked: SessionJobRef[] = []
    const harness = await SessionsHarness.start({
      reconnect: FAST_RECONNECT,
      jobAlive: async (job) => {
        asked.push(job)
        return false
      },
    })
    try {
      const session = await sim.createSession()
      const job: SessionJobRef = { accountId: 'a1', jobId: 4242, repoSlug: 'octo/app', jobNumber: '17.3' }
      const summary = harness.sessions.open({ host: '127.0.0.1', port: proxy.port, token: session.token, readOnly: false }, job)
      expect(summary.title).toBe('octo/app #17.3')
      await harness.waitForState(summary.id, 'connected')
      proxy.dropConnections()
      const ended = await harness.waitForState(summary.id, 'ended')
      expect(ended.detail).toBe('The connection dropped and the job is no longer running, so its debug session is over.')
      expect(asked).toEqual([job])
      expect(harness.sessions.timeline(summary.id).map((event) => event.kind)).toEqual(['connected', 'disconnected', 'ended'])
      await session.end()
    } finally {
      await harness.dispose()
    }
  })

  test('retries stop after maxTries with what went wrong last', async () => {
    const harness = await SessionsHarness.start({ reconnect: FAST_RECONNECT })
    try {
      const session = await sim.createSession()
      const { id } = harness.sessions.open({ host: '127.0.0.1', port: proxy.port, token: session.token, readOnly: false })
      await harness.waitForState(id, 'connected')
      proxy.setRefusing(true)
      proxy.dropConnections()
      const failed = await harness.waitForState(id, 'failed', 15_000)
      expect(failed.detail).toMatch(/^The connection was lost and 3 tries to reconnect failed\. The last: .*127\.0\.0\.1:\d+/)
      const tries = harness.payloads('sessions.changed').filter((s) => s.id === id && s.state === 'reconnecting' && s.detail?.startsWith('Connection lost'))
      expect(tries.map((s) => /try (\d) of 3/.exec(s.detail ?? '')?.[1])).toEqual(['1', '2', '3'])
      await session.end()
    } finally {
      proxy.setRefusing(false)
      await harness.dispose()
    }
  })
})
