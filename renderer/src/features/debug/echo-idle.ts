/**
 * How long a debug job in echo mode lasts while its session is idle.
 *
 * Travis's worker ends a job whose log has received no output for this long: it prints "No output
 * has been received in the last 10m0s, this potentially indicates a stalled build or something
 * wrong with the build itself." and the job errors. Ten minutes is the worker's default no-output
 * timeout. In quiet mode the debug script prints a dot into the log every minute, which keeps the
 * job alive; in echo mode the log grows only by what the session's first window shows, so a session
 * left idle ends with its job.
 */
export const TRAVIS_NO_OUTPUT_TIMEOUT_MS = 10 * 60_000

/** Idle time after which the session says how long it has left: before it, idleness is normal. */
export const ECHO_IDLE_NOTICE_AFTER_MS = 2 * 60_000

const MINUTE_MS = 60_000

/** The session's note on idleness in echo mode, or undefined while it has had output lately. */
export function echoIdleNotice(idleMs: number): string | undefined {
  if (idleMs < ECHO_IDLE_NOTICE_AFTER_MS) return undefined
  const idle = `No output for ${Math.floor(idleMs / MINUTE_MS)} min`
  const limit = `Travis ends an idle echo-mode job after ${TRAVIS_NO_OUTPUT_TIMEOUT_MS / MINUTE_MS} min`
  const leftMs = TRAVIS_NO_OUTPUT_TIMEOUT_MS - idleMs
  if (leftMs <= 0) return `${idle} — ${limit}, so it may have ended this one.`
  // Rounded down: the note never promises more time than there is.
  const left = leftMs < MINUTE_MS ? 'less than 1 min left' : `${Math.floor(leftMs / MINUTE_MS)} min left`
  return `${idle} — ${limit} (${left}).`
}

/**
 * When the session's screen last changed, from samples of its text. The tmate status row at the
 * bottom is left out by the caller: tmate redraws it by itself (its clock, the window list) while
 * nothing reaches the job log, so counting it would keep an idle session looking busy.
 */
export class ScreenActivity {
  private text: string | undefined
  private changed: number

  constructor(startMs: number) {
    this.changed = startMs
  }

  /** Notes the screen's text as sampled at `nowMs`; returns when it last changed. */
  sample(text: string, nowMs: number): number {
    if (text !== this.text) {
      this.text = text
      this.changed = nowMs
    }
    return this.changed
  }

  get changedAt(): number {
    return this.changed
  }
}
