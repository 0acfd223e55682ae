/**
 * Join detection as one value: whether Shipmate can tell who else is in a session, and why not
 * when it cannot. The core decides it (electron/core/alerts/detection-state.ts) and puts it in the
 * session's summary; the header, the sidebar, the tray and `shipmate watch` word it with the
 * functions here, so they cannot disagree.
 */

/** Why there is no count of Shipmate's own. */
export type UnavailableReason =
  /** The marker shows `?`: the server has no client count (no tmate-websocket), or the loop has ended. */
  | 'no_count'
  /** The guard typed its line and no marker followed in time. */
  | 'no_marker'
  /** A marker was there and is missing from the window list now. */
  | 'marker_gone'
  /** The guard is off (turned off by the user, or stopped). */
  | 'guard_off'
  /** The guard cannot run here (a read-only connection, …). */
  | 'guard_unavailable'
  /** Only a one-time read is on the row: no loop keeps it up to date yet. */
  | 'no_guard'

export type Detection =
  /** Waiting for an idle prompt, typed and waiting for the answer, or confirming a loop of this app run. */
  | { state: 'starting'; step: 'waiting_for_prompt' | 'starting'; detail: string }
  /** Shipmate reads a count of its own. */
  | { state: 'on'; mates: number; detail: string }
  | { state: 'unavailable'; reason: UnavailableReason; detail: string }
  /** The user turned it off. */
  | { state: 'off'; detail: string }
  /** The connection is over: nothing is watched. */
  | { state: 'ended'; detail: string }

export type DetectionState = Detection['state']

/** What the header says, in one line: the label, and the count when there is one. */
export function detectionHeadline(detection: Detection): string {
  switch (detection.state) {
    case 'starting':
      return detection.step === 'waiting_for_prompt' ? 'Join detection starts at the next idle shell prompt' : 'Starting join detection…'
    case 'on':
      return `Join detection is on · ${detection.mates} connected, you included`
    case 'unavailable':
      return 'Join detection is unavailable'
    case 'off':
      return 'Join detection is off'
    case 'ended':
      return 'Join detection stopped'
  }
}

/** The same state in a few words, mid-sentence, for the tray and the sidebar. */
export function detectionWords(detection: Detection): string {
  switch (detection.state) {
    case 'starting':
      return 'join detection starting'
    case 'on':
      return `join detection on (${detection.mates} connected)`
    case 'unavailable':
      return 'join detection unavailable'
    case 'off':
      return 'join detection off'
    case 'ended':
      return 'join detection stopped'
  }
}
