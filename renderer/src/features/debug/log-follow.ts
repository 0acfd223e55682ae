import type { DebugRun } from '@shared/api'
import { STOPPED_FOLLOWING_LABEL } from '@shared/parse/job-progress'

/** Why the log pane stopped scrolling to new lines by itself. */
export type FollowPause = 'scrolled' | 'searched' | 'unchecked'

const PAUSED: Record<FollowPause, string> = {
  scrolled: 'Following paused: you scrolled up.',
  searched: 'Following paused while you look at a search result.',
  unchecked: 'Following paused.',
}

/**
 * What the log pane says about following, or undefined while it follows the log as it grows. When
 * Shipmate reads the job log no more (the run is over) or not for now (polling, once the session is
 * open), the pane says so rather than look live; otherwise it says when the user's own scrolling or
 * searching holds the view.
 */
export function followNote(
  run: Pick<DebugRun, 'step' | 'label' | 'terminal' | 'logFeed'> | undefined,
  pause: FollowPause | undefined,
): string | undefined {
  if (!run) return undefined
  if (run.terminal) return `Log following stopped: ${stopReason(run)}.`
  // Without the live channel the log is read again only when the job ends: the session is the news.
  if (run.step === 'ready' && run.logFeed === 'polling') return 'Log not followed while the session is open: Shipmate reads it again when the job ends.'
  return pause && PAUSED[pause]
}

function stopReason(run: Pick<DebugRun, 'step' | 'label'>): string {
  switch (run.step) {
    case 'ended':
      return 'the debug session ended'
    case 'canceled':
      return 'the job was cancelled'
    case 'not_available':
      return 'Travis has no debug environment for this job'
    case 'finished_without_line':
      return 'the job finished'
    case 'errored':
      return run.label === STOPPED_FOLLOWING_LABEL ? 'Shipmate stopped reading the job' : 'the job errored'
    default:
      return 'the debug run is over'
  }
}
