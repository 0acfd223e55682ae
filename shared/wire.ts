import type { EventName, Events, WireError } from './api'

/**
 * Browser mode's WebSocket messages. The page must send `hello` with the start-up secret first;
 * after that requests and replies are matched by id, and events flow to the page.
 */
export type ClientMessage =
  | { type: 'hello'; secret: string }
  | { type: 'request'; id: number; method: string; args?: unknown }

export type ServerMessage =
  | { type: 'welcome' }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError }
  | { type: 'event'; name: EventName; payload: Events[EventName] }
  | { type: 'error'; error: WireError }

/** The path the page connects its WebSocket to. */
export const WIRE_PATH = '/api'

/** Close codes the page can tell apart from a network drop. */
export const CLOSE_BAD_SECRET = 4401
