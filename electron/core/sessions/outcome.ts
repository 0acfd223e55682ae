import { AUTH_REFUSED, describeConnectError } from './connect-errors'
import type { ConnectionClosed } from './connection'
import { endReason } from './end-reasons'
import { scrub } from './mask'

/** How one connection ended, and so what the session does next. */
export type Outcome =
  /** Closed while the user was being asked something: ask on, then connect again. */
  | { kind: 'interrupted' }
  /** Refused for good: host key, keys, the server's own words. */
  | { kind: 'refused'; detail: string }
  /** The server does not know the token. */
  | { kind: 'no_session'; detail: string }
  | { kind: 'ended'; detail: string }
  /** Never got as far as a session on this try. */
  | { kind: 'unreachable'; detail: string }
  /** A working connection was lost. */
  | { kind: 'dropped'; detail: string }

export interface ConnectionFacts {
  closed: ConnectionClosed
  /** What the stream showed: tmux started, left, and the text around that. */
  stream: { started: boolean; exited: boolean; before: string; after: string }
  /** The session was on screen at some point of this connection. */
  started: boolean
  /** A question to the user was still open when the connection closed. */
  askingUser: boolean
  /** Shipmate itself refused the connection (a host key), and why. */
  refusal: string | undefined
  where: string
  token: string
  readyTimeoutMs: number
}

export function outcomeOf(facts: ConnectionFacts): Outcome {
  if (facts.askingUser) return { kind: 'interrupted' }
  if (facts.refusal !== undefined) return { kind: 'refused', detail: facts.refusal }
  const end = endReason(facts.stream)
  if (end !== undefined) return end
  const { error } = facts.closed
  if (error?.level === 'client-authentication') return { kind: 'refused', detail: AUTH_REFUSED }
  const detail = scrub(describeConnectError(error, facts.where, facts.readyTimeoutMs), facts.token)
  return facts.started ? { kind: 'dropped', detail } : { kind: 'unreachable', detail }
}
