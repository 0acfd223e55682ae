import { create } from 'zustand'
import type { DebugRun, ShipmateBridge } from '@shared/api'
import { TravisLog } from '@shared/parse/travis-log'
import { showSession } from './sessions-store'

interface DebugState {
  runs: Record<string, DebugRun>
  /** Bumped whenever a run's log changes, so log views re-render; the logs themselves live outside. */
  logVersion: Record<string, number>
}

export const useDebugStore = create<DebugState>(() => ({ runs: {}, logVersion: {} }))

/** Parsed logs, kept outside the store: they are large and grow in place. */
export const runLogs = new Map<string, TravisLog>()

function logOf(runId: string): TravisLog {
  let log = runLogs.get(runId)
  if (!log) {
    log = new TravisLog()
    runLogs.set(runId, log)
  }
  return log
}

function upsert(run: DebugRun): void {
  const previous = useDebugStore.getState().runs[run.id]
  useDebugStore.setState((state) => ({ runs: { ...state.runs, [run.id]: run } }))
  // The moment the SSH line is found, the session is what the user wants to see.
  if (run.sessionId && !previous?.sessionId) showSession(run.sessionId)
}

function logChanged(runId: string): void {
  useDebugStore.setState((state) => ({ logVersion: { ...state.logVersion, [runId]: (state.logVersion[runId] ?? 0) + 1 } }))
}

export async function startDebugStore(api: ShipmateBridge): Promise<void> {
  api.on('debug.changed', upsert)
  api.on('debug.log', ({ runId, text, reset }) => {
    const log = logOf(runId)
    if (reset) log.sync(text)
    else log.append(text)
    logChanged(runId)
  })
  try {
    for (const run of await api.request('debug.list', {})) {
      upsert(run)
      logOf(run.id).sync((await api.request('debug.log', { runId: run.id })).text)
      // A view may already show this run (after a reload, its session shows at once): it redraws the log read just now.
      logChanged(run.id)
    }
  } catch {
    return
  }
}

export async function startDebug(api: ShipmateBridge, accountId: string, jobId: number, quiet: boolean, cancelFirst: boolean): Promise<DebugRun> {
  const run = await api.request('debug.start', { accountId, jobId, quiet, cancelFirst })
  upsert(run)
  return run
}

/** The run that belongs to a session, for the log beside its terminal. */
export function runForSession(state: DebugState, sessionId: string): DebugRun | undefined {
  return Object.values(state.runs).find((run) => run.sessionId === sessionId)
}
