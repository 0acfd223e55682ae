import { PROGRESS_STEPS } from '@shared/parse/job-progress'
import type { DebugRun } from '@shared/api'

export type StepStatus = 'done' | 'current' | 'pending'

/**
 * How step `index` of the stepper shows for a run. Every step before the run's is done, whether or
 * not a read caught the job in it: a job that went from queued to started between two reads did
 * boot its VM.
 */
export function stepStatus(run: Pick<DebugRun, 'step' | 'index' | 'terminal'>, index: number): StepStatus {
  if (index < run.index || (run.step === 'ready' && index === run.index)) return 'done'
  return index === run.index && !run.terminal ? 'current' : 'pending'
}

export function Stepper({ run }: { run: DebugRun }) {
  return (
    <ol className="stepper" aria-label="Debug progress">
      {PROGRESS_STEPS.map((step, index) => {
        const status = stepStatus(run, index)
        return (
          <li key={step.step} className={status === 'pending' ? 'step' : `step ${status}`} aria-current={status === 'current' ? 'step' : undefined}>
            <span className="step-dot" aria-hidden="true">
              {status === 'done' ? '✓' : index + 1}
            </span>
            {step.label}
          </li>
        )
      })}
    </ol>
  )
}
