import type { Detection } from '@shared/detection'
import type { KeepAliveState, SessionJobRef, SessionState, TimelineEvent } from '@shared/types/sessions'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import type { KeepaliveOptions } from './connection'
import type { FlowLimits } from './flow-control'
import type { ReconnectOptions } from './reconnect'

/** Where a session lives. The token is the secret: it stays in the core. */
export interface SessionTarget {
  host: string
  port: number
  token: string
  readOnly: boolean
}

export interface SessionsDeps {
  events: EventHub
  log: Logger
  dataDir: string
  now?: () => Date
  /** For ~/.ssh/id_ed25519 and ~/.ssh/id_rsa. */
  home: string
  /** SSH_AUTH_SOCK for ssh-agent. */
  env: NodeJS.ProcessEnv
  /** Whether the job behind a session still runs; reconnects stop when it does not. Absent: reconnect a few times. */
  jobAlive?: (job: SessionJobRef) => Promise<boolean>
  /** Tests make it fast. */
  reconnect?: ReconnectOptions
  /** Tests make it fast: a silent server shows and is given up within a second. */
  keepalive?: KeepaliveOptions
  /** Tests make the watermarks small. */
  flowControl?: FlowLimits
  /** Every timeline entry as it happens, e.g. to append it to timeline.jsonl. */
  onTimeline?: (event: TimelineEvent) => void
  /** A damaged known_hosts.json was restored: the user must be told. Default: the log. */
  onNotice?: (message: string) => void
  /** How long to wait for the SSH handshake and login (tmate's own limit is 20 s). */
  readyTimeoutMs?: number
}

/** For tests: the flow-control counters of one session. */
export interface SessionStats {
  paused: boolean
  pauses: number
  unacked: number
  mirrorPending: number
  /** The renderer stopped acknowledging and is sent nothing until it acks again. */
  rendererWrittenOff: boolean
  /** Bytes read from the SSH channel, over every connection of the session. */
  received: number
  /** Bytes sent to the renderer as `sessions.output`. */
  emitted: number
  /** Times an interrupt key skipped the output queued ahead of it for the renderer. */
  skips: number
}

/**
 * What happens to a session's connection, for whoever watches the session (the alerts): typed,
 * told once per change, and always before the summary that shows it goes out.
 */
export interface SessionLifecycle {
  /** A connection is up and its screen flows; `reconnect`: this session had one before. */
  connected: { sessionId: string; readOnly: boolean; reconnect: boolean }
  /** The connection dropped; the session tries to get it back. */
  lost: { sessionId: string }
  /** No connection any more and none coming: the user left, the session ended or failed. */
  ended: { sessionId: string }
  /** The session and its timeline are gone. */
  removed: { sessionId: string }
}

export type SessionLifecycleName = keyof SessionLifecycle

/** What a session's watcher (the alerts) adds to its summary. */
export interface WatchFields {
  detection: Detection
  /** Connected clients including us, as Shipmate last read them itself; null when unknown. */
  mates: number | null
  /** Someone else is in and the user has not said "That's me". */
  alert: boolean
  /** The echo-mode keep-alive Shipmate typed, or waits to type. */
  keepAlive: KeepAliveState
}

/** The watcher's fields for one session, given its state; sessions nobody watches get NOT_WATCHED. */
export type WatchSource = (sessionId: string, state: SessionState) => WatchFields
