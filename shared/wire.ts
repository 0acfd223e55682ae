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

/** The largest WebSocket frame either side accepts; a larger one closes the connection. */
export const MAX_FRAME_BYTES = 1024 * 1024

/**
 * The most characters one `sessions.input` request may carry. JSON escapes a character to at most
 * 6 bytes (`\u001b`, a lone surrogate), so a request at this limit stays well under the frame
 * limit; the renderer splits a larger paste into pieces of this size and sends them in order.
 */
export const MAX_INPUT_CHARS = 64 * 1024

/**
 * Requests are a few levels deep. A deeper message is refused before JSON.parse builds it: parsing
 * a frame of a million `[` takes V8 a quarter of a second.
 */
const MAX_NESTING = 32

/** Reads one message from the page; anything that is not a well-formed hello or request is undefined. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  if (!nestsAtMost(text, MAX_NESTING)) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  if (record.type === 'hello' && typeof record.secret === 'string') return { type: 'hello', secret: record.secret }
  if (record.type === 'request' && Number.isSafeInteger(record.id) && typeof record.method === 'string') {
    return { type: 'request', id: record.id as number, method: record.method, args: record.args }
  }
  return undefined
}

/** Whether JSON text opens no more than `limit` arrays and objects inside one another (brackets in strings do not count). */
function nestsAtMost(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c) i++
      else if (code === 0x22) inString = false
    } else if (code === 0x22) inString = true
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return false
    } else if (code === 0x5d || code === 0x7d) depth--
  }
  return true
}
