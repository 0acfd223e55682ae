import { PROGRESS_STEPS } from '@shared/parse/job-progress'
import type { DebugRun } from '@shared/api'

export function Stepper({ run }: { run: DebugRun }) {
  return (
    <ol className="stepper" aria-label="Debug progress">
      {PROGRESS_STEPS.map((step, index) => {
        const done = index < run.index || (run.step === 'ready' && index === run.index)
        const current = index === run.index && !run.terminal
        return (
          <li key={step.step} className={done ? 'step done' : current ? 'step current' : 'step'} aria-current={current ? 'step' : undefined}>
            <span className="step-dot" aria-hidden="true">
              {done ? '✓' : index + 1}
            </span>
            {step.label}
          </li>
        )
      })}
    </ol>
  )
}
