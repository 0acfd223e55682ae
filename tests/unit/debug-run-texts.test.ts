import { describe, expect, it } from 'vitest'
import type { DebugRun } from '@shared/api'
import { type JobSnapshot, PROGRESS_STEPS, STOPPED_FOLLOWING_LABEL, debugProgress } from '@shared/parse/job-progress'
import { followNote } from '../../renderer/src/features/debug/log-follow'
import { stepStatus } from '../../renderer/src/features/debug/stepper'

const before: JobSnapshot = { state: 'failed', restartedAt: null, startedAt: '2026-11-27T10:00:00Z', finishedAt: '2026-11-27T10:04:00Z' }
const after = (snapshot: Partial<JobSnapshot>): JobSnapshot => ({
  state: 'created',
  restartedAt: '2026-11-27T12:00:00Z',
  startedAt: null,
  finishedAt: null,
  ...snapshot,
})
const statuses = (run: Pick<DebugRun, 'step' | 'index' | 'terminal'>) => PROGRESS_STEPS.map((_, index) => stepStatus(run, index))

describe('the stepper', () => {
  it('shows the VM boot as the current step while the job is received', () => {
    expect(statuses(debugProgress({ before, latest: after({ state: 'received' }) }))).toEqual(['done', 'done', 'current', 'pending', 'pending', 'pending'])
  })

  it('marks the boot done when one read saw the job queued and the next saw it started', () => {
    expect(statuses(debugProgress({ before, latest: after({ state: 'queued' }) }))).toEqual(['done', 'current', 'pending', 'pending', 'pending', 'pending'])
    const started = debugProgress({ before, latest: after({ state: 'started', startedAt: '2026-11-27T12:01:00Z' }) })
    expect(statuses(started)).toEqual(['done', 'done', 'done', 'current', 'pending', 'pending'])
  })

  it('marks every step done at Ready, and none current once the run is over', () => {
    expect(statuses({ step: 'ready', index: 5, terminal: false })).toEqual(['done', 'done', 'done', 'done', 'done', 'done'])
    expect(statuses({ step: 'canceled', index: 1, terminal: true })).toEqual(['done', 'pending', 'pending', 'pending', 'pending', 'pending'])
  })
})

describe('what the log pane says about following', () => {
  const live = { step: 'setting_up', label: 'Setting up debug tools', terminal: false }

  it('nothing while it follows a live run, or for a log that belongs to no run', () => {
    expect(followNote(live, undefined)).toBeUndefined()
    expect(followNote(undefined, 'scrolled')).toBeUndefined()
  })

  it('that following paused, and why, while the run goes on', () => {
    expect(followNote(live, 'scrolled')).toBe('Following paused: you scrolled up.')
    expect(followNote(live, 'searched')).toBe('Following paused while you look at a search result.')
    expect(followNote(live, 'unchecked')).toBe('Following paused.')
    expect(followNote({ step: 'ready', label: 'Ready', terminal: false, logFeed: 'live' }, 'scrolled')).toBe('Following paused: you scrolled up.')
  })

  it('that the log is not read while the session is open, when Shipmate polls it rather than gets it live', () => {
    const note = 'Log not followed while the session is open: Shipmate reads it again when the job ends.'
    expect(followNote({ step: 'ready', label: 'Ready', terminal: false, logFeed: 'polling' }, undefined)).toBe(note)
    expect(followNote({ step: 'ready', label: 'Ready', terminal: false, logFeed: 'live' }, undefined)).toBeUndefined()
    expect(followNote({ step: 'setting_up', label: 'Setting up debug tools', terminal: false, logFeed: 'polling' }, undefined)).toBeUndefined()
  })

  it('that following stopped, and why, once the run is over, whatever the scroll position', () => {
    const over = (step: string, label = '') => followNote({ step, label, terminal: true }, 'scrolled')
    expect(over('ended')).toBe('Log following stopped: the debug session ended.')
    expect(over('canceled')).toBe('Log following stopped: the job was cancelled.')
    expect(over('finished_without_line')).toBe('Log following stopped: the job finished.')
    expect(over('not_available')).toBe('Log following stopped: Travis has no debug environment for this job.')
    expect(over('errored', 'Errored')).toBe('Log following stopped: the job errored.')
    expect(over('errored', STOPPED_FOLLOWING_LABEL)).toBe('Log following stopped: Shipmate stopped reading the job.')
  })
})
