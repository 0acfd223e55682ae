import fc from 'fast-check'
import { describe, it } from 'vitest'
import { type JobSnapshot, type JobState, PROGRESS_STEPS, debugProgress } from '@shared/parse/job-progress'
import type { DebugLogStep, SshLineResult } from '@shared/parse/ssh-line'

const STATES: readonly JobState[] = ['created', 'queued', 'received', 'started', 'passed', 'failed', 'errored', 'canceled']
const STEPS: readonly DebugLogStep[] = ['initiated', 'setting_up', 'preparing', 'ssh_prompt', 'ssh_line', 'quiet_mode', 'echo_mode', 'session_over', 'footer']
const OUTCOMES = new Set(['ended', 'canceled', 'finished_without_line', 'not_available', 'errored'])

/** Stamps as Travis sends them, few enough that snapshots often share them. */
const stamp = fc.option(fc.constantFrom('2026-01-01T09:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:05:00Z'), { nil: null })
const snapshot: fc.Arbitrary<JobSnapshot> = fc.record(
  { state: fc.constantFrom(...STATES), restartedAt: stamp, startedAt: stamp, finishedAt: stamp },
  { requiredKeys: ['state', 'restartedAt', 'startedAt'] },
)
const logReading: fc.Arbitrary<SshLineResult> = fc.record(
  {
    state: fc.constantFrom('waiting', 'found', 'not_available', 'finished_without_line') as fc.Arbitrary<SshLineResult['state']>,
    stepsSeen: fc.uniqueArray(fc.constantFrom(...STEPS)),
    ssh: fc.constant({ token: 'Xk7mPq2RsT9vWy3Za4Bc5De6F', host: 'nyc1.tmate.io', port: 22, readOnly: false, command: 'ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io' }),
  },
  { requiredKeys: ['state', 'stepsSeen'] },
)

describe('debug progress from any pair of job readings and any log reading', () => {
  it('is a known step or outcome, placed on the stepper, with a message exactly when nothing more is coming', () => {
    fc.assert(
      fc.property(snapshot, snapshot, fc.option(logReading, { nil: undefined }), (before, latest, log) => {
        const progress = debugProgress({ before, latest, ...(log && { log }) })
        if (!Number.isInteger(progress.index) || progress.index < 0 || progress.index >= PROGRESS_STEPS.length) throw new Error(`index ${progress.index}`)
        if (progress.label === '') throw new Error('no label')
        const outcome = OUTCOMES.has(progress.step)
        if (!outcome && !PROGRESS_STEPS.some((entry) => entry.step === progress.step)) throw new Error(`step ${progress.step}`)
        if (progress.terminal !== outcome) throw new Error(`${progress.step} terminal ${progress.terminal}`)
        if ((progress.message !== undefined) !== outcome) throw new Error(`${progress.step} message ${progress.message}`)
      }),
    )
  })

  it('stays at restarting while the job still shows the run it had before the request', () => {
    const finished = fc.constantFrom<JobState>('passed', 'failed', 'errored', 'canceled')
    fc.assert(
      fc.property(snapshot, finished, fc.option(logReading, { nil: undefined }), (before, state, log) => {
        const latest = { ...before, state }
        if (debugProgress({ before, latest, ...(log && { log }) }).step !== 'restarting') throw new Error('moved on before the restart showed')
      }),
    )
  })
})
