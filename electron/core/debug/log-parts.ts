/** One stored piece of a job log, as the live channel and `log_parts` carry it. */
export interface LogPart {
  number: number
  content: string
  /** The last part of the job's log. */
  final: boolean
}

/**
 * A running job's log put together from its numbered parts, each kept once, whatever order or how
 * many times they came in (the live channel may deliver a part late, or twice, and a poll of the
 * API returns parts already seen). The text is the parts from number 0 up to the first missing
 * one: text after a gap is held back, since a line cut by the gap would read as a different line
 * (an SSH command half in each of two parts would lose its middle).
 */
export class LogAssembler {
  private readonly parts = new Map<number, LogPart>()
  /** The first part number not yet in the text. */
  private next = 0
  private prefix = ''
  private finalSeen = false

  /** Adds a part; false when that number was already there (the first one kept wins). */
  add(part: LogPart): boolean {
    if (!Number.isInteger(part.number) || part.number < 0 || this.parts.has(part.number)) return false
    this.parts.set(part.number, part)
    for (let ready = this.parts.get(this.next); ready; ready = this.parts.get(this.next)) {
      this.prefix += ready.content
      this.finalSeen ||= ready.final
      this.next += 1
    }
    return true
  }

  /** The log from its start up to the first missing part. */
  get text(): string {
    return this.prefix
  }

  /** Some part after a missing one is here: the missing one may come late, or never. */
  get hasGap(): boolean {
    return this.parts.size > this.next
  }

  /** The text runs through the log's final part: nothing more is coming. */
  get complete(): boolean {
    return this.finalSeen
  }

  /** Any part at all, from the live channel or a poll. */
  get empty(): boolean {
    return this.parts.size === 0
  }
}
