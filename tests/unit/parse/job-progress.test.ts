import { describe, expect, it } from 'vitest'
import { type JobSnapshot, PROGRESS_STEPS, debugProgress } from '@shared/parse/job-progress'
import { type SshLineResult, findSshLine } from '@shared/parse/ssh-line'

const E = '\x1b'
const yellow = (text: string): string => `${E}[33;1m${text}${E}[0m\r\n`

/** A failed job as the API showed it before the debug request. */
const before: JobSnapshot = { state: 'failed', restartedAt: null, startedAt: '2026-11-27T10:00:00Z', finishedAt: '2026-11-27T10:04:00Z' }
const restartedAt = '2026-11-27T12:00:00Z'
const after = (snapshot: Partial<JobSnapshot>): JobSnapshot => ({ state: 'created', restartedAt, startedAt: null, finishedAt: null, ...snapshot })
const log = (text: string, jobFinished = false): SshLineResult => findSshLine(text, { jobFinished })

const settingUp = log(yellow('Debug build initiated by octocat') + yellow('Setting up debug tools.'))
const preparing = log(yellow('Debug build initiated by octocat') + yellow('Setting up debug tools.') + 'Preparing debug sessions.\r\n')
const found = log(
  yellow('Use the following SSH command to access the interactive debugging environment:') +
    `${E}[32;1mssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io${E}[0m\r\n`,
)
const notAvailable = log(`${E}[31;1mThe debug environment is not available. Please contact support.${E}[0m\r\n`)

describe('the stepper', () => {
  it('has the six steps in order with their labels', () => {
    expect(PROGRESS_STEPS.map((entry) => entry.label)).toEqual([
      'Restarting the job',
      'Queued',
      'Booting the VM',
      'Started',
      'Setting up debug tools',
      'Ready',
    ])
  })
})

describe('before the restart shows', () => {
  it('stays at "Restarting the job" while the job still shows its old run', () => {
    expect(debugProgress({ before, latest: before })).toEqual({ step: 'restarting', label: 'Restarting the job', index: 0, terminal: false })
  })

  it('ignores the old log, even an old SSH line from an earlier debug run', () => {
    const oldFooter = log('Done. Your build exited with 1.\r\n', true)
    expect(debugProgress({ before, latest: before, log: oldFooter }).step).toBe('restarting')
    expect(debugProgress({ before, latest: before, log: found }).step).toBe('restarting')
  })

  it('also when the job had been restarted before', () => {
    const earlier = { ...before, restartedAt: '2026-11-20T09:00:00Z' }
    expect(debugProgress({ before: earlier, latest: earlier }).step).toBe('restarting')
  })
})

describe('while the job runs', () => {
  it('goes queued, booting, started, setting up, ready', () => {
    expect(debugProgress({ before, latest: after({ state: 'created' }) })).toMatchObject({ step: 'queued', label: 'Queued', index: 1 })
    expect(debugProgress({ before, latest: after({ state: 'queued' }) })).toMatchObject({ step: 'queued', index: 1 })
    expect(debugProgress({ before, latest: after({ state: 'received' }) })).toMatchObject({ step: 'booting', label: 'Booting the VM', index: 2 })
    const started = after({ state: 'started', startedAt: '2026-11-27T12:01:00Z' })
    expect(debugProgress({ before, latest: started })).toMatchObject({ step: 'started', label: 'Started', index: 3 })
    expect(debugProgress({ before, latest: started, log: log('') })).toMatchObject({ step: 'started' })
    expect(debugProgress({ before, latest: started, log: settingUp })).toMatchObject({
      step: 'setting_up',
      label: 'Setting up debug tools',
      index: 4,
    })
    expect(debugProgress({ before, latest: started, log: preparing }).step).toBe('setting_up')
    expect(debugProgress({ before, latest: started, log: found })).toEqual({ step: 'ready', label: 'Ready', index: 5, terminal: false })
  })

  it('takes an active state as the new run even if the stamps did not change yet', () => {
    expect(debugProgress({ before, latest: { ...before, state: 'queued' } }).step).toBe('queued')
  })

  it('notices the new run by a cleared start time alone', () => {
    expect(debugProgress({ before, latest: { state: 'failed', restartedAt: null, startedAt: null } }).step).toBe('finished_without_line')
  })
})

describe('outcomes', () => {
  const started = after({ state: 'started', startedAt: '2026-11-27T12:01:00Z' })
  const finished = (state: JobSnapshot['state']): JobSnapshot =>
    after({ state, startedAt: '2026-11-27T12:01:00Z', finishedAt: '2026-11-27T12:05:00Z' })

  it('reports "not available" at once, with what to do', () => {
    const progress = debugProgress({ before, latest: started, log: notAvailable })
    expect(progress).toMatchObject({ step: 'not_available', terminal: true, index: 3 })
    expect(progress.message).toMatch(/Ask Travis support to enable debug mode/)
  })

  it('reports a job that finished without printing the line', () => {
    const progress = debugProgress({ before, latest: finished('failed'), log: log(yellow('Setting up debug tools.'), true) })
    expect(progress).toMatchObject({ step: 'finished_without_line', terminal: true, index: 4 })
    expect(progress.message).toMatch(/finished without printing an SSH command/)
  })

  it('reports the footer before the job state catches up', () => {
    const footer = log(yellow('Setting up debug tools.') + 'Done. Your build exited with 1.\r\n')
    expect(debugProgress({ before, latest: started, log: footer }).step).toBe('finished_without_line')
  })

  it('reports a cancel before or during the session', () => {
    expect(debugProgress({ before, latest: finished('canceled'), log: settingUp })).toMatchObject({ step: 'canceled', terminal: true })
    expect(debugProgress({ before, latest: after({ state: 'canceled' }) })).toMatchObject({ step: 'canceled', index: 1 })
    const during = debugProgress({ before, latest: finished('canceled'), log: found })
    expect(during).toMatchObject({ step: 'canceled', index: 5 })
    expect(during.message).toMatch(/ended the debug session/)
  })

  it('reports an errored job', () => {
    const progress = debugProgress({ before, latest: finished('errored'), log: log('', true) })
    expect(progress).toMatchObject({ step: 'errored', label: 'Errored', terminal: true, index: 3 })
    expect(progress.message).toMatch(/errored before it printed an SSH command/)
  })

  it('reports the end of a session that was ready', () => {
    expect(debugProgress({ before, latest: finished('failed'), log: found })).toMatchObject({ step: 'ended', terminal: true, index: 5 })
  })

  it('reports a finished job whose log could not be read', () => {
    expect(debugProgress({ before, latest: finished('passed') })).toMatchObject({ step: 'finished_without_line', index: 3 })
  })
})
