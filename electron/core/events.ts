import type { EventName, Events } from '@shared/api'

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void

/**
 * The core's outgoing events. Hosts forward all of them to their page with `subscribe`; a part
 * of the core or a command that wants one kind listens with `on`, typed by the event's name.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of [...this.listeners]) listener(name, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Hears one kind of event, with its payload typed; returns the way to stop listening. */
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    return this.subscribe((emitted, payload) => {
      if ((emitted as EventName) === name) listener(payload as unknown as Events[E])
    })
  }
}
