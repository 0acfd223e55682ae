import type { SessionState } from './types/sessions'

const labels: Record<SessionState, string> = {
  connecting: 'Connecting…',
  verifying_host: 'Checking the host key…',
  authenticating: 'Signing in…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  ended: 'Ended',
  failed: 'Failed',
}

/** A session's state in the words the user reads (the window's session list and header, the tray); the internal names never reach the screen. */
export function sessionStateLabel(state: SessionState): string {
  return labels[state]
}
