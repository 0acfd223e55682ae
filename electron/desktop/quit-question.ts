import type { SessionSummary } from '@shared/api'

export interface QuitQuestion {
  readonly message: string
  readonly detail: string
  readonly buttons: readonly [quit: string, stay: string]
}

/**
 * Quitting closes every SSH connection, and a debug VM stays up until its job times out or is
 * cancelled, so the user is asked first while any session is open; with none open, Shipmate just quits.
 */
export function quitQuestion(sessions: readonly SessionSummary[]): QuitQuestion | undefined {
  const open = sessions.filter((session) => session.state !== 'ended' && session.state !== 'failed')
  if (open.length === 0) return undefined
  const names = open.map((session) => session.title)
  return {
    message: open.length === 1 ? 'Quit Shipmate and close the open session?' : `Quit Shipmate and close ${open.length} open sessions?`,
    detail: `${names.join(', ')} will be disconnected. A debug job keeps running on Travis CI until it times out or is cancelled.`,
    buttons: ['Quit', 'Cancel'],
  }
}
