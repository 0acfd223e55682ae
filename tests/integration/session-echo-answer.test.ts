import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Events } from '@shared/api'
import { SessionsHarness } from '../support/sessions-harness'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

/**
 * A keystroke's answer (what lets the renderer send more) leaves the core after the output that
 * followed it, so that it does not reach the page while the host is still echoing the key; a
 * paste's piece is answered as soon as the channel has taken it, which is what paces the paste.
 */

let sim: TmateSim

beforeAll(async () => {
  sim = await startTmateSim()
})

afterAll(async () => {
  await sim.close()
})

test('a key is answered after its echo has gone to the renderer, a key without echo all the same, a paste piece at once', { timeout: 30_000 }, async () => {
  const session = await sim.createSession()
  const harness = await SessionsHarness.start()
  try {
    const { id } = harness.sessions.openCommand(`ssh -p${sim.port} ${session.token}@127.0.0.1`)
    await harness.waitForState(id, 'connected')
    await harness.pressQ(id)
    const outputSince = (from: number): string =>
      harness.events
        .slice(from)
        .filter((event) => event.name === 'sessions.output')
        .map((event) => (event.payload as Events['sessions.output']).data)
        .join('')

    // Echo on: by the time the key is answered, its echo has been handed on.
    let from = harness.events.length
    await harness.sessions.input(id, 'Z')
    expect(outputSince(from)).toContain('Z')
    await harness.waitForText(id, /^travis@sim:~\$ Z$/m)

    // A paste's piece is answered before anything else happens: no output event came in between,
    // though the shell echoes it.
    from = harness.events.length
    await harness.sessions.input(id, 'p'.repeat(1000))
    expect(harness.events.length).toBe(from)
    await harness.waitForText(id, /ppppp$/m)
    harness.sessions.input(id, '\x15')
    await harness.waitForText(id, /^travis@sim:~\$$/m)

    // Echo off: no output follows, and the key is answered anyway.
    harness.run(id, 'stty -echo; cat > /dev/null')
    await harness.waitFor(() => outputSince(0).includes('/dev/null'), 'the cat to start')
    from = harness.events.length
    await harness.sessions.input(id, 'q')
    expect(outputSince(from)).not.toContain('q')

    harness.sessions.input(id, '\r\x04')
    harness.run(id, 'stty echo; echo back-$((6*7))')
    await harness.waitForText(id, /^back-42$/m)
  } finally {
    await harness.dispose()
    await session.end().catch(() => {})
  }
})
