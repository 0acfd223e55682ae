import { constants } from 'node:fs'
import { mkdir, open, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { TimelineEvent, TimelineKind } from '@shared/types/sessions'

export const TIMELINE_FILE = 'timeline.jsonl'

export interface TimelineRead {
  events: TimelineEvent[]
  /** Lines that could not be read (a crash mid-write, an edit by hand): left out, counted. */
  skipped: number
}

/** Every kind, so a line naming another is rejected; the type makes a new kind fail to compile until listed. */
const KINDS: Record<TimelineKind, true> = {
  connected: true,
  disconnected: true,
  reconnected: true,
  guard_started: true,
  guard_unavailable: true,
  guard_stopped: true,
  joined: true,
  left: true,
  present_at_connect: true,
  count_disputed: true,
  early_sign: true,
  smaller_client: true,
  possible_join: true,
  possible_leave: true,
  detection_unavailable: true,
  alert: true,
  acknowledged: true,
  job_canceled: true,
  log_deleted: true,
  ended: true,
  failed: true,
  previous_connection: true,
  previous_connection_gone: true,
  keep_alive_started: true,
}

/**
 * The timeline of every session, one JSON object per line in `timeline.jsonl` in the data dir.
 * An append is one write of one line, fsync'd before it counts as done, so an entry survives a
 * crash that follows it; appends run one after another in call order. A damaged line costs that
 * line only.
 */
export class TimelineStore {
  readonly path: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.path = join(dataDir, TIMELINE_FILE)
  }

  append(event: TimelineEvent): Promise<void> {
    const done = this.queue.then(() => this.write(event))
    // One failed append must not stop the ones after it; the caller still hears of it.
    this.queue = done.catch(() => undefined)
    return done
  }

  async read(sessionId: string): Promise<TimelineRead> {
    await this.queue
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], skipped: 0 }
      throw error
    }
    const events: TimelineEvent[] = []
    let skipped = 0
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      const event = parseLine(line)
      if (event === undefined) skipped++
      else if (event.sessionId === sessionId) events.push(event)
    }
    return { events, skipped }
  }

  private async write(event: TimelineEvent): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    const handle = await open(this.path, constants.O_CREAT | constants.O_RDWR | constants.O_APPEND, 0o600)
    try {
      const { size } = await handle.stat()
      let lead = ''
      if (size > 0) {
        // A line cut short by a crash has no newline: start on a fresh line, or both would be lost.
        const last = Buffer.alloc(1)
        await handle.read(last, 0, 1, size - 1)
        if (last[0] !== 0x0a) lead = '\n'
      }
      await handle.write(`${lead}${JSON.stringify(event)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
  }
}

function parseLine(line: string): TimelineEvent | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (typeof v.sessionId !== 'string' || typeof v.at !== 'string' || typeof v.kind !== 'string') return undefined
  if (!Object.hasOwn(KINDS, v.kind)) return undefined
  if (v.mates !== null && !(typeof v.mates === 'number' && Number.isInteger(v.mates) && v.mates >= 0)) return undefined
  if (v.detail !== undefined && typeof v.detail !== 'string') return undefined
  const event: TimelineEvent = { sessionId: v.sessionId, at: v.at, kind: v.kind as TimelineKind, mates: v.mates }
  if (v.detail !== undefined) event.detail = v.detail
  return event
}
