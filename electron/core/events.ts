import type { EventName, Events } from '@shared/api'

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void

/** The core's outgoing events. Hosts subscribe once and forward to their renderers. */
export class EventHub {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
