/**
 * What the last words of a connection mean. A tmate viewer gets no exit status (tmate-ssh-server
 * closes the channel without one): the only signal is the text the server wrote before closing.
 */

export const TOKEN_INVALID =
  'The session token is invalid or expired: the debug job may have ended, or the SSH line was mistyped.'

export type EndReason =
  /** The session is over for this viewer; the screen stays. */
  | { kind: 'ended'; detail: string }
  /** The server does not know the token: the session does not exist (any more). */
  | { kind: 'no_session'; detail: string }
  /** The server refused for a reason worth showing as it is. */
  | { kind: 'refused'; detail: string }

/** After the tmux client left the alternate screen. */
const CLOSING_LINES: ReadonlyArray<[RegExp, string]> = [
  [/\[server exited\]/, 'The session ended.'],
  [/\[exited\]/, 'The session ended.'],
  [
    /\[detached \(from session [^)]*\)\]/,
    'You detached from the session (prefix + d). It goes on without you; open it again to rejoin.',
  ],
  [/\[lost server\]/, "The session ended: tmate's server for it went away ([lost server])."],
]

/** Before any tmux client started: the server explains why there is no session. */
const REFUSALS: ReadonlyArray<[RegExp, EndReason]> = [
  [/Invalid or expired session token|Invalid session token/, { kind: 'no_session', detail: TOKEN_INVALID }],
  [/This session was closed/, { kind: 'no_session', detail: 'This tmate session was closed: the debug job has probably ended.' }],
  [
    /The session host disconnected/,
    { kind: 'refused', detail: "The session's host is disconnected from tmate's server; it may come back. Try again in a minute." },
  ],
  [/The session has moved to another server/, { kind: 'refused', detail: 'The session has moved to another tmate server: copy the new SSH line from the job log.' }],
  [/Internal error/, { kind: 'refused', detail: "tmate's server answered with an internal error. Try again later." }],
]

export function endReason(stream: { started: boolean; exited: boolean; before: string; after: string }): EndReason | undefined {
  if (stream.exited) {
    for (const [pattern, detail] of CLOSING_LINES) if (pattern.test(stream.after)) return { kind: 'ended', detail }
    return { kind: 'ended', detail: 'The session ended.' }
  }
  if (!stream.started) {
    for (const [pattern, reason] of REFUSALS) if (pattern.test(stream.before)) return reason
  }
  return undefined
}
