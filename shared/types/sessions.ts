import type { Detection } from '../detection'

/** A tmate session as the renderer sees it. The session token is a secret: only a masked form crosses. */

export type SessionState = 'connecting' | 'verifying_host' | 'authenticating' | 'connected' | 'reconnecting' | 'ended' | 'failed'

export interface TmateWindow {
  index: number
  name: string
  current: boolean
  last: boolean
  flags: string
}

export interface SessionJobRef {
  accountId: string
  jobId: number
  repoSlug: string
  jobNumber: string
}

export interface SessionSummary {
  id: string
  /** `owner/repo #12.3` for a job's session, else `host · abcd…` (the masked token's start) so sessions on one host differ. */
  title: string
  /** `ssh -p2200 abcd…wxyz@host`: enough to recognise, not enough to join. */
  maskedCommand: string
  host: string
  port: number
  readOnly: boolean
  job?: SessionJobRef
  state: SessionState
  /** What the state means right now, in words: why it failed, when it retries. */
  detail?: string
  /**
   * Set while a connected server has stopped answering (keepalives unanswered): when its last
   * data arrived. Keys are refused meanwhile, and Shipmate gives the connection up if it stays so.
   */
  silentSince?: string
  windows: TmateWindow[]
  cols: number
  rows: number
  /** Whether Shipmate can tell who else is in, and why not: the one state every surface words. */
  detection: Detection
  /** Connected clients including us, as Shipmate last read them itself; null when unknown. */
  mates: number | null
  /** Someone else is in (mates >= 2) and the user has not said "That's me". */
  alert: boolean
  /** The echo-mode keep-alive: not asked for, waiting for an idle prompt to be typed at, or running on the host. */
  keepAlive: KeepAliveState
  openedAt: string
}

export type KeepAliveState = 'off' | 'waiting' | 'on'

export interface SessionOutput {
  sessionId: string
  /** Terminal output, already decoded as UTF-8, batched per session. */
  data: string
  /** Bytes of `data` for acknowledgement; the renderer acks what xterm.js parsed. */
  bytes: number
  /**
   * `data` is the whole screen as it is now (after an interrupt skipped a flood, or for a
   * renderer that was written off): output sent before it and not parsed yet may be dropped.
   */
  restart?: boolean
}

export interface HostKeyPrompt {
  sessionId: string
  host: string
  port: number
  algorithm: string
  fingerprint: string
  /** The key differs from the one trusted before: a possible man-in-the-middle; no trust offered. */
  changed: boolean
  knownFingerprint?: string
  /**
   * Set when Shipmate's list of trusted hosts was damaged and could not be restored, so this host
   * may have been trusted with another key: the warning to show with the question.
   */
  trustStoreLost?: string
}

export interface PassphrasePrompt {
  sessionId: string
  keyPath: string
  /** The last passphrase was wrong. */
  retry: boolean
}

export type TimelineKind =
  | 'connected'
  | 'disconnected'
  | 'reconnected'
  | 'guard_started'
  | 'guard_unavailable'
  /** Leaving, Shipmate told its guard loop on the host to stop, or found the shell busy and left it running. */
  | 'guard_stopped'
  | 'joined'
  | 'left'
  | 'present_at_connect'
  /** The count on the status row disagrees with Shipmate's own reading, or someone else keeps writing it. */
  | 'count_disputed'
  /** Something seen at connect that suggests someone was there first: said plainly, no alarm. */
  | 'early_sign'
  | 'smaller_client'
  /** A smaller client is connected where no count is known: likely someone else; an alert. */
  | 'possible_join'
  /** That smaller client's window went away. */
  | 'possible_leave'
  | 'detection_unavailable'
  | 'alert'
  | 'acknowledged'
  | 'job_canceled'
  | 'log_deleted'
  | 'ended'
  /** The session could not be kept or opened: the detail says why; it can be reconnected. */
  | 'failed'
  /** After a reconnect the host still counts Shipmate's previous connection: no one else. */
  | 'previous_connection'
  /** The host no longer counts Shipmate's previous connection. */
  | 'previous_connection_gone'
  /** Shipmate typed the echo-mode keep-alive at a prompt. */
  | 'keep_alive_started'

export interface TimelineEvent {
  sessionId: string
  at: string
  kind: TimelineKind
  mates: number | null
  detail?: string
}

export const TRAVIS_PHASES = [
  'before_install',
  'install',
  'before_script',
  'script',
  'after_success',
  'after_failure',
  'after_script',
] as const

export type TravisPhase = (typeof TRAVIS_PHASES)[number]
