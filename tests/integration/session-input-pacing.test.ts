import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startHoldingRelay, type HoldingRelay } from '../support/holding-relay'
import { pasteText, sha256 } from '../support/paste-text'
import { waitFor } from '../support/poll'
import { SessionsHarness } from '../support/sessions-harness'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

/** What ssh2 lets out before the server opens its window further, and what it buffers beyond that. */
const SERVER_WINDOW = 2 * 1024 * 1024
const CHANNEL_BUFFER = 2 * 1024 * 1024
const PIECE = 64 * 1024
const TOTAL = 6 * 1024 * 1024

let sim: TmateSim
let relay: HoldingRelay
let scratch: string

beforeAll(async () => {
  sim = await startTmateSim()
  relay = await startHoldingRelay(sim.port)
  scratch = await mkdtemp(join(tmpdir(), 'shipmate-pacing-'))
})

afterAll(async () => {
  await relay.close()
  await sim.close()
  await rm(scratch, { recursive: true, force: true })
})

test('input waits while the server takes no more, then arrives whole', { timeout: 60_000 }, async () => {
  const session = await sim.createSession()
  const harness = await SessionsHarness.start()
  try {
    const { id } = harness.sessions.openCommand(`ssh -p${relay.port} ${session.token}@127.0.0.1`)
    await harness.waitForState(id, 'connected')
    await harness.pressQ(id)
    const file = join(scratch, 'paste.txt')
    harness.run(id, `stty -echo; echo ready-$((6*7)); head -c ${TOTAL} > ${file}; stty echo; echo done-$((6*7))`)
    await harness.waitForText(id, /^ready-42/m)

    relay.hold()
    // As xterm.js sends a paste: line breaks as Enter, which the pty turns back into \n.
    const text = pasteText(TOTAL)
    const typed = text.replaceAll('\n', '\r')
    let accepted = 0
    const sending = (async () => {
      for (let from = 0; from < typed.length; from += PIECE) {
        const piece = typed.slice(from, from + PIECE)
        await harness.sessions.input(id, piece)
        accepted += piece.length
      }
    })()
    // The server's whole window has gone out and nothing came back to open it further: from here
    // on, only ssh2's own buffer may fill, and then the input request has to wait.
    await waitFor(() => relay.held() >= SERVER_WINDOW, 'the server window to be used up', {
      describe: () => `${relay.held()} bytes held, ${accepted} characters accepted`,
    })
    expect(accepted).toBeLessThanOrEqual(SERVER_WINDOW + CHANNEL_BUFFER + PIECE)

    relay.release()
    await sending
    expect(accepted).toBe(TOTAL)
    await harness.waitForText(id, /^done-42/m, 45_000)
    const written = await readFile(file)
    expect((await stat(file)).size).toBe(TOTAL)
    expect(sha256(written)).toBe(sha256(text))
  } finally {
    await harness.dispose()
    await session.end().catch(() => {})
  }
})
