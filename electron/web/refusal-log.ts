import type { Logger } from '../core/log'
import { realTimer, type SetTimer } from '../core/timing'

export interface RefusalLimit {
  lines: number
  perMs: number
}

/**
 * Enough lines to see who knocked and how; few enough that a client retrying in a loop (a wrong
 * secret, a foreign origin, a malformed request) cannot fill the terminal or the disk.
 */
export const DEFAULT_REFUSAL_LIMIT: RefusalLimit = { lines: 20, perMs: 60_000 }

export interface RefusalLog {
  /** One refused or failed connection; written unless this interval's lines are used up. */
  write(message: string): void
  /** Says how many were held back, if any, now rather than at the end of the interval. */
  flush(): void
}

/**
 * Browser mode's log of refusals, rate-limited: at most `lines` per `perMs`, counted from the first
 * line of an interval; what is held back is summed up in one line when the interval ends.
 */
export function createRefusalLog(log: Logger, limit: RefusalLimit = DEFAULT_REFUSAL_LIMIT, setTimer: SetTimer = realTimer): RefusalLog {
  let written = 0
  let held = 0
  let cancelInterval: (() => void) | undefined

  const summarize = () => {
    if (held === 0) return
    const seconds = Math.round(limit.perMs / 1000)
    log.warn(`${held} more refused or failed browser-mode connections were not logged (at most ${limit.lines} lines per ${seconds} s).`)
    held = 0
  }
  const endInterval = () => {
    cancelInterval = undefined
    written = 0
    summarize()
  }

  return {
    write(message) {
      cancelInterval ??= setTimer(endInterval, limit.perMs)
      if (written < limit.lines) {
        written++
        log.warn(message)
      } else {
        held++
      }
    },
    flush() {
      cancelInterval?.()
      endInterval()
    },
  }
}
