import { create } from 'zustand'
import type { HostKeyPrompt, PassphrasePrompt, SessionSummary, ShipmateBridge, TimelineEvent } from '@shared/api'
import { loadedTerminals, loadTerminals, whenTerminalsLoaded } from '../features/terminal/terminal-loader'

interface SessionsState {
  sessions: Record<string, SessionSummary>
  order: string[]
  currentId: string | undefined
  hostKeyPrompt: HostKeyPrompt | undefined
  passphrasePrompt: PassphrasePrompt | undefined
  timelines: Record<string, TimelineEvent[]>
}

export const useSessionsStore = create<SessionsState>(() => ({
  sessions: {},
  order: [],
  currentId: undefined,
  hostKeyPrompt: undefined,
  passphrasePrompt: undefined,
  timelines: {},
}))

function upsert(summary: SessionSummary): void {
  useSessionsStore.setState((state) => ({
    sessions: { ...state.sessions, [summary.id]: summary },
    order: state.order.includes(summary.id) ? state.order : [...state.order, summary.id],
  }))
}

export async function startSessionsStore(api: ShipmateBridge): Promise<void> {
  api.on('sessions.changed', upsert)
  api.on('sessions.removed', ({ sessionId }) => {
    whenTerminalsLoaded((terminals) => terminals.dispose(sessionId))
    useSessionsStore.setState((state) => {
      const { [sessionId]: _removed, ...sessions } = state.sessions
      return {
        sessions,
        order: state.order.filter((id) => id !== sessionId),
        currentId: state.currentId === sessionId ? undefined : state.currentId,
      }
    })
  })
  api.on('sessions.output', (output) => {
    const terminals = loadedTerminals()
    if (terminals) terminals.write(output.sessionId, output.data, output.bytes, output.restart)
    // Until the terminal code is here, output waits in order behind its loading.
    else void loadTerminals().then((loaded) => loaded.write(output.sessionId, output.data, output.bytes, output.restart))
  })
  api.on('sessions.hostKeyPrompt', (prompt) => useSessionsStore.setState({ hostKeyPrompt: prompt }))
  api.on('sessions.passphrasePrompt', (prompt) => useSessionsStore.setState({ passphrasePrompt: prompt }))
  api.on('sessions.timeline', (event) =>
    useSessionsStore.setState((state) => ({
      timelines: { ...state.timelines, [event.sessionId]: [...(state.timelines[event.sessionId] ?? []), event] },
    })),
  )
  try {
    for (const summary of await api.request('sessions.list', {})) {
      upsert(summary)
      // Views read what was already done about a session from its timeline, open drawer or not; one that fails to load stays empty.
      void loadTimeline(api, summary.id).catch(() => undefined)
      await (await loadTerminals()).restore(summary.id)
    }
  } catch {
    return
  }
}

export function showSession(id: string | undefined): void {
  useSessionsStore.setState({ currentId: id })
}

export async function openSshCommand(api: ShipmateBridge, command: string): Promise<SessionSummary> {
  const summary = await api.request('sessions.open', { command })
  upsert(summary)
  showSession(summary.id)
  return summary
}

export async function loadTimeline(api: ShipmateBridge, sessionId: string): Promise<void> {
  const events = await api.request('sessions.timeline', { sessionId })
  useSessionsStore.setState((state) => ({ timelines: { ...state.timelines, [sessionId]: events } }))
}

/** What the user already did about a session's job, read from its timeline: the views offer only what still applies. */
export interface JobActions {
  canceled: boolean
  logDeleted: boolean
}

export function jobActionsOf(events: readonly TimelineEvent[]): JobActions {
  return {
    canceled: events.some((event) => event.kind === 'job_canceled'),
    logDeleted: events.some((event) => event.kind === 'log_deleted'),
  }
}
