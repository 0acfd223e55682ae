import type { TimelineEvent, TimelineKind } from '@shared/types/sessions'
import type { EventHub } from '../events'
import type { Logger } from '../log'

/** What happened to one session and when, kept in memory and told as it happens. */
export class Timeline {
  private readonly events: TimelineEvent[] = []

  constructor(
    private readonly sessionId: string,
    private readonly ctx: {
      events: EventHub
      log: Logger
      now: () => Date
      onTimeline: ((event: TimelineEvent) => void) | undefined
    },
  ) {}

  record(kind: TimelineKind, detail?: string, mates: number | null = null): void {
    const event: TimelineEvent = { sessionId: this.sessionId, at: this.ctx.now().toISOString(), kind, mates }
    if (detail !== undefined) event.detail = detail
    this.events.push(event)
    this.ctx.events.emit('sessions.timeline', { ...event })
    try {
      this.ctx.onTimeline?.({ ...event })
    } catch (error) {
      this.ctx.log.error(`sessions: ${this.sessionId} could not record a timeline entry`, error)
    }
  }

  list(): TimelineEvent[] {
    return this.events.map((event) => ({ ...event }))
  }

  last(): TimelineEvent | undefined {
    return this.events.at(-1)
  }
}
