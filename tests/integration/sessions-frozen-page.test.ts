import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from '../support/poll'
import { SessionsHarness } from '../support/sessions-harness'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

/**
 * A page that stops acknowledging output (its process stopped, a frozen tab) during a flood: the
 * core holds back at most a bounded amount for it, its screen mirror (and so join detection) keeps
 * reading, and a page that comes back is brought up to date from the mirror.
 */

let sim: TmateSim

beforeAll(async () => {
  sim = await startTmateSim()
})

afterAll(async () => {
  await sim.close()
})

const HIGH = 8 * 1024
/** What arrives while the pause takes effect: about one SSH packet (32 KiB) beyond the watermark. */
const BOUND = HIGH + 32 * 1024

test('a page that stops acknowledging is sent a bounded amount, then caught up from the mirror when it acks again', async () => {
  const harness = await SessionsHarness.start({
    manualAck: true,
    flowControl: { highBytes: HIGH, lowBytes: 4 * 1024, stallMs: 300 },
  })
  const session = await sim.createSession()
  try {
    const { id } = harness.sessions.open({ host: sim.host, port: sim.port, token: session.token, readOnly: false }, undefined, { cols: 100, rows: 30 })
    const view = harness.view(id)
    const ackAll = async (): Promise<void> => {
      await view.flush()
      if (view.parsedUnacked > 0) harness.sessions.ack(id, view.parsedUnacked)
      view.parsedUnacked = 0
    }
    await harness.waitForState(id, 'connected')
    await harness.waitForWindows(id, (text) => text === '0:[tmux]*')
    await ackAll()
    harness.sessions.input(id, 'q')
    await harness.waitForWindows(id, (text) => text === '0:bash*')
    await ackAll()
    const start = harness.sessions.stats(id)

    // From here the page acknowledges nothing: its process is stopped.
    harness.run(id, 'while :; do seq 1 50000; done')
    // The mirror reads on: several times the bound goes by while the page sleeps.
    await waitFor(() => harness.sessions.stats(id).received - start.received > 4 * BOUND, 'the flood to go on', {
      timeoutMs: 40_000,
      describe: () => JSON.stringify(harness.sessions.stats(id)),
    })
    const frozen = harness.sessions.stats(id)
    expect(frozen.emitted - start.emitted).toBeLessThanOrEqual(BOUND)

    // The page wakes up and acknowledges what it had; it is caught up from the mirror.
    harness.sessions.input(id, '\x03')
    // The tty drops what was typed before the interrupt reached the loop: type only at the prompt.
    const mirrorText = () => harness.sessions.mirrorOf(id)?.screenText() ?? ''
    await waitFor(() => /\^C\s*\ntravis@sim:~\$ *$/m.test(mirrorText()), 'the prompt after Ctrl-C', {
      timeoutMs: 30_000,
      describe: () => `${mirrorText()}\n${JSON.stringify(harness.sessions.stats(id))}`,
    })
    harness.run(id, 'clear; echo "CAUGHT $((6 * 7))"')
    await harness.waitFor(() => /^CAUGHT 42$/m.test(mirrorText()), 'the mirror to show the end', 30_000)
    await ackAll()
    await harness.waitForText(id, /^CAUGHT 42\ntravis@sim:~\$$/m)
    await waitFor(async () => {
      await ackAll()
      return harness.sessions.mirrorOf(id)?.screenText() === view.text()
    }, 'the page to show what the mirror shows')
    expect(harness.sessions.stats(id).paused).toBe(false)
  } finally {
    await harness.dispose()
    await session.end()
  }
}, 90_000)
