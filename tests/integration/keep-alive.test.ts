import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { SessionAlerts } from '../../electron/core/alerts/session-alerts'
import type { Logger } from '../../electron/core/log'
import { removeDir, tempDir } from '../support/core-harness'
import { SessionsHarness } from '../support/sessions-harness'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

/**
 * The echo-mode keep-alive against a real tmux host. Travis's debug script in echo mode copies the
 * session's first pane into the job log (`tmate pipe-pane 'cat >> …'`); the worker ends a job whose
 * log gets no output for ten minutes. Here the pipe writes to a file, which stands for the log.
 */

let sim: TmateSim
let dir: string

beforeAll(async () => {
  sim = await startTmateSim()
  dir = await tempDir('shipmate-keep-alive-')
})

afterAll(async () => {
  await sim.close()
  await removeDir(dir)
})

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
const RESET = '\x1b[0m'
const PROMPT = 'travis@sim:~$ '

test('typed at an idle prompt, the keep-alive feeds the job log while the session is idle, and leaves the screen as it was', async () => {
  const harness = await SessionsHarness.start()
  // One look a second instead of a minute.
  const alerts = new SessionAlerts({ sessions: harness.sessions, events: harness.hub, log: quiet, keepAliveSeconds: 1 })
  const session = await sim.createSession()
  const log = join(dir, 'job.log')
  const logText = () => readFile(log, 'utf8').catch(() => '')
  try {
    await session.hostRun(['pipe-pane', '-t', ':0.0', `cat >> ${log}`])
    const { id } = harness.sessions.open({ host: '127.0.0.1', port: sim.port, token: session.token, readOnly: false })
    await harness.waitFor(() => harness.summary(id).detection.state === 'on', 'the guard to run')
    const screen = () => harness.sessions.mirrorOf(id)?.screenText() ?? ''
    await harness.waitFor(() => !screen().includes('bash -c'), 'the guard line to erase itself')
    expect(harness.summary(id).keepAlive).toBe('off')

    alerts.keepAlive(id)
    expect(harness.summary(id).keepAlive).toBe('waiting')
    await harness.waitFor(() => harness.summary(id).keepAlive === 'on', 'the keep-alive to be typed')
    expect(harness.sessions.timeline(id).map((event) => event.kind)).toContain('keep_alive_started')
    const typed = harness.sessions.inputCount(id)
    // Asked again, nothing more is typed.
    alerts.keepAlive(id)
    expect(harness.sessions.inputCount(id)).toBe(typed)

    // What the pane wrote after the keep-alive's line and the prompt that followed it.
    const afterLine = async (): Promise<string | undefined> => {
      const text = await logText()
      const line = text.lastIndexOf("sh -c '")
      const prompt = line < 0 ? -1 : text.indexOf(PROMPT, line)
      return prompt < 0 ? undefined : text.slice(prompt + PROMPT.length)
    }
    // Nobody types: the log still grows, by resets only.
    await harness.waitFor(async () => (await afterLine())?.startsWith(RESET.repeat(2)), 'two resets in the log after the prompt', 15_000)
    const shown = screen()
    const count = (await afterLine())?.length ?? 0
    await harness.waitFor(async () => ((await afterLine())?.length ?? 0) > count, 'one more reset', 15_000)
    expect((await afterLine())?.replaceAll(RESET, '')).toBe('')
    expect(screen()).toBe(shown)
    expect(screen()).not.toContain('sh -c')
    expect(harness.sessions.inputCount(id)).toBe(typed)
  } finally {
    alerts.dispose()
    await harness.dispose()
    await session.end()
  }
})

test('refused on a read-only connection', async () => {
  const harness = await SessionsHarness.start()
  const alerts = new SessionAlerts({ sessions: harness.sessions, events: harness.hub, log: quiet })
  const session = await sim.createSession()
  try {
    const { id } = harness.sessions.open({ host: '127.0.0.1', port: sim.port, token: session.roToken, readOnly: true })
    await harness.waitForState(id, 'connected')
    expect(() => alerts.keepAlive(id)).toThrow('This connection is read-only: Shipmate cannot type the keep-alive into the session.')
    expect(harness.summary(id).keepAlive).toBe('off')
  } finally {
    alerts.dispose()
    await harness.dispose()
    await session.end()
  }
})
