import { describe, expect, it } from 'vitest'
import type { DebugRun } from '@shared/api'
import { DebugProgressLines, clock } from '../../electron/cli/debug-command'
import { runCli } from '../../electron/cli/run-cli'
import { captureIo } from '../support/cli-io'

const run = (fields: Partial<DebugRun>): DebugRun => ({
  id: 'r1',
  accountId: 'a',
  jobId: 8,
  jobNumber: '3.1',
  repoSlug: 'octo/app',
  quiet: true,
  step: 'restarting',
  label: 'Restarting the job',
  index: 0,
  terminal: false,
  requests: 1,
  startedAt: '2026-01-01T12:00:00Z',
  ...fields,
})
const noon = new Date(2026, 0, 1, 12, 0, 1)

describe('shipmate debug progress lines', () => {
  it('a heading once, then one line per step change', () => {
    const lines = new DebugProgressLines(false)
    expect(lines.next(run({}), noon)).toEqual(['Debugging job #3.1 of octo/app (quiet mode).', '[12:00:01] Restarting the job'])
    expect(lines.next(run({ requests: 2 }), noon)).toEqual([])
    expect(lines.next(run({ step: 'queued', label: 'Queued', index: 1 }), noon)).toEqual(['[12:00:01] Queued'])
  })

  it('prints a note (stuck, offline) once, and again only when it changes', () => {
    const lines = new DebugProgressLines(false)
    lines.next(run({ step: 'queued', label: 'Queued' }), noon)
    const stuck = run({ step: 'queued', label: 'Queued', message: 'Still queued after 3 min; Travis may be busy. Keep waiting or cancel.' })
    expect(lines.next(stuck, noon)).toEqual(['[12:00:01] Still queued after 3 min; Travis may be busy. Keep waiting or cancel.'])
    expect(lines.next(stuck, noon)).toEqual([])
    expect(lines.next(run({ step: 'booting', label: 'Booting the VM' }), noon)).toEqual(['[12:00:01] Booting the VM'])
  })

  it("a terminal run's message is left to the failure line", () => {
    const lines = new DebugProgressLines(false)
    lines.next(run({}), noon)
    expect(lines.next(run({ step: 'not_available', label: 'Debug environment not available', terminal: true, message: 'Ask support.' }), noon)).toEqual([
      '[12:00:01] Debug environment not available',
    ])
  })

  it('says "Following" without a mode for --no-restart, and warns about echo mode', () => {
    expect(new DebugProgressLines(true).next(run({}), noon)[0]).toBe('Following job #3.1 of octo/app.')
    expect(new DebugProgressLines(false).next(run({ quiet: false }), noon)[0]).toBe(
      'Debugging job #3.1 of octo/app (echo mode: what happens in the session is copied into the job log).',
    )
  })

  it('stamps local time as HH:MM:SS', () => {
    expect(clock(new Date(2026, 0, 1, 9, 5, 7))).toBe('09:05:07')
  })

  it('debug needs exactly one job: usage otherwise, and it is in the help', async () => {
    const none = captureIo()
    expect(await runCli(['debug'], none, '1.0.0')).toBe(2)
    expect(none.stderr).toContain('shipmate: debug needs a job: a Travis job URL or a job id')
    expect(await runCli(['debug', '1', '2'], captureIo(), '1.0.0')).toBe(2)
    const help = captureIo()
    await runCli(['--help'], help, '1.0.0')
    expect(help.stdout).toContain('shipmate debug JOB_URL|JOB_ID [--account ID] [--echo] [--no-restart]')
  })
})
