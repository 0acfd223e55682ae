import { bridge } from '../../bridge'
import { currentAccount } from '../../store/accounts-store'
import { loadJobs, navigate, type View } from '../../store/browse-store'
import { runForSession, useDebugStore } from '../../store/debug-store'

/** The screen each debug run was started from, by run id: its session goes back there when closed. */
const runOrigins = new Map<string, View>()

export function rememberRunOrigin(runId: string, view: View): void {
  runOrigins.set(runId, view)
}

/**
 * After the user closed a session: back to where they opened it from. A debug run's session goes
 * back to the job list the run was started from, even if the user browsed elsewhere meanwhile; any
 * other session leaves on screen what was under it.
 */
export function returnFromSession(sessionId: string): void {
  const run = runForSession(useDebugStore.getState(), sessionId)
  const origin = run ? runOrigins.get(run.id) : undefined
  if (origin) goBack(origin)
}

/** Shows `view` again; a job list is read afresh, since the debug run changed its job's state. */
function goBack(view: View): void {
  const account = currentAccount()
  if (view.name === 'jobs' && account) void loadJobs(bridge(), account.id, view.buildId, view.highlightJobId)
  else navigate(view)
}
