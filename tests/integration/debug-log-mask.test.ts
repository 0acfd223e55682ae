import { afterAll, beforeAll, expect, test } from 'vitest'
import type { DebugLogChunk, DebugRun } from '@shared/api'
import type { Core } from '../../electron/core/create-core'
import { DebugRuns } from '../../electron/core/debug/debug-runs'
import { sleep } from '../../electron/core/timing'
import { createLogger } from '../../electron/core/log'
import { maskedCommand } from '../../electron/core/sessions/mask'
import { waitFor } from '../support/poll'
import { removeDir, startCore, tempDir } from '../support/core-harness'
import { SEED, type SshTarget, type TravisEmulator, startTravisEmulator } from '../support/travis-emulator'

const TARGET: SshTarget = { host: 'tmate.example.test', port: 2222, token: 'Xk7mPq2RsT9vWy3Za4Bc5De6F' }
const JOB = SEED.jobs.matrixLinux

/** More of the token than its mask shows: any five of its characters in a row. */
function leaks(text: string): boolean {
  for (let i = 0; i + 5 <= TARGET.token.length; i++) if (text.includes(TARGET.token.slice(i, i + 5))) return true
  return false
}

let emu: TravisEmulator
let dataDir: string
let core: Core
let accountId: string
/** Every job log text Travis (the emulator) handed the core, as it came. */
const logsRead: string[] = []

beforeAll(async () => {
  emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, timeline: { stepMs: 40 } })
  dataDir = await tempDir('shipmate-log-mask-')
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    if (/\/job\/\d+\/log(\?|$)/.test(String(input)) && response.ok) {
      const body = (await response.clone().json()) as { content?: string | null }
      logsRead.push(body.content ?? '')
    }
    return response
  }
  core = await startCore(dataDir, { fetch: recording })
  accountId = (await core.accounts.add(emu.url, SEED.users.alice.token)).id
})

afterAll(async () => {
  for (const account of await core.accounts.list()) await core.accounts.remove(account.id)
  await core.dispose()
  await emu.close()
  await removeDir(dataDir)
})

test('an SSH line cut across two log parts: the log panel never shows more of the token than its mask', async () => {
  const chunks: DebugLogChunk[] = []
  const panels: string[] = []
  let panel = ''
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name !== 'debug.log') return
    const chunk = payload as DebugLogChunk
    chunks.push(chunk)
    panel = chunk.reset ? chunk.text : panel + chunk.text
    panels.push(panel)
  })
  const logLines: string[] = []
  const runs = new DebugRuns({
    accounts: core.accounts,
    events: core.events,
    log: createLogger((line) => logLines.push(line)),
    // Polls as often as the emulator writes, so the read between the two halves happens; the live
    // channel, which would make the reads unneeded, is left out (debug-live.test.ts covers it).
    sleep: (ms, signal) => sleep(Math.min(ms, 25), signal),
    onReady: () => 'session-1',
    live: false,
  })
  try {
    emu.control.scriptDebug(JOB, { variant: 'split-line', ssh: TARGET, stepMs: 300 })
    const started = await runs.start(accountId, JOB, true, false)
    const run = await waitFor(
      () => runs.list().find((candidate: DebugRun) => candidate.id === started.id && candidate.step === 'ready'),
      'the run to reach its SSH line',
    )
    // Travis did hand out half a token in one read…
    expect(logsRead.some((text) => text.includes(TARGET.token.slice(0, 13)) && !text.includes(TARGET.token))).toBe(true)
    // …and none of it, nor the whole, left the core before the user asked for it.
    expect(chunks.length).toBeGreaterThan(0)
    expect(chunks.map((chunk) => chunk.text).filter(leaks)).toEqual([])
    expect(panels.filter(leaks)).toEqual([])
    expect(leaks(runs.log(run.id).text)).toBe(false)
    expect(logLines.filter(leaks)).toEqual([])
    expect(panel).toContain(maskedCommand(TARGET))
    expect(runs.log(run.id).text).toBe(panel)

    // The job log opened from the jobs table is masked the same way.
    const browsed = await core.handle('browse.log', { accountId, jobId: JOB })
    expect(browsed.content).toContain(maskedCommand(TARGET))
    expect(leaks(browsed.content ?? '')).toBe(false)

    // Only an explicit request gives the whole command, in tmate's own form.
    expect(runs.sshCommand(run.id)).toEqual({ command: `ssh -p${TARGET.port} ${TARGET.token}@${TARGET.host}` })
    expect(logLines.filter(leaks)).toEqual([])
  } finally {
    unsubscribe()
    await runs.dispose()
  }
})

test('the whole command is refused, with a reason, while the log has no SSH line', async () => {
  const runs = new DebugRuns({
    accounts: core.accounts,
    events: core.events,
    log: createLogger(() => {}),
    sleep: (ms, signal) => sleep(Math.min(ms, 25), signal),
  })
  try {
    emu.control.scriptDebug(SEED.jobs.passed, { variant: 'stuck-queued' })
    const run = await runs.start(accountId, SEED.jobs.passed, true, false)
    expect(() => runs.sshCommand(run.id)).toThrow(/no SSH command yet/)
  } finally {
    await runs.dispose()
  }
})
