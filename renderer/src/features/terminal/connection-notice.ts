import type { SessionSummary, TimelineEvent } from '@shared/api'

export interface ConnectionNotice {
  tone: 'warning' | 'error' | 'info'
  text: string
  /** The one way forward it offers, if any: both ask the core to connect again now. */
  action?: 'Retry now' | 'Reconnect'
  /** Keys typed now would not reach the host: the terminal takes none. */
  refusesInput: boolean
}

/**
 * What the connection means for the user right now, beyond the state chip: a server that stopped
 * answering (and for how long), a reconnect under way, a failure that can be retried, or the host
 * still counting Shipmate's previous connection. Undefined when there is nothing to add.
 */
export function connectionNotice(session: SessionSummary, timeline: readonly TimelineEvent[], now: number): ConnectionNotice | undefined {
  const typing = !session.readOnly
  if (session.state === 'connected' && session.silentSince !== undefined) {
    const seconds = Math.max(0, Math.floor((now - Date.parse(session.silentSince)) / 1000))
    return {
      tone: 'warning',
      text: `Not responding: nothing from the server for ${seconds} s.${typing ? ' Not accepting input until it answers.' : ''} Shipmate reconnects if it stays silent.`,
      action: 'Retry now',
      refusesInput: typing,
    }
  }
  if (session.state === 'reconnecting') {
    return {
      tone: 'warning',
      text: `Reconnecting.${typing ? ' Not accepting input while reconnecting: type again once the session is back.' : ''}`,
      action: 'Retry now',
      refusesInput: typing,
    }
  }
  if (session.state === 'failed') {
    return { tone: 'error', text: 'Not connected. Reconnect to try again; the session may still be running.', action: 'Reconnect', refusesInput: typing }
  }
  if (session.state === 'connected') {
    const last = timeline.findLast((event) => event.kind === 'previous_connection' || event.kind === 'previous_connection_gone')
    if (last?.kind === 'previous_connection') {
      return {
        tone: 'info',
        text: 'The host still counts your previous connection until it notices it is gone; Shipmate alerts only for anyone beyond it.',
        refusesInput: false,
      }
    }
  }
  return undefined
}
