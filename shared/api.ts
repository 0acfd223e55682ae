/**
 * The one contract between the renderer and the core. Both hosts (Electron IPC and the browser-mode
 * WebSocket) implement exactly these maps; no method or event name appears anywhere else as a string.
 * Types here are plain data: nothing secret (tokens, keys) is ever part of a result or an event.
 */

export type KeychainState = 'available' | 'locked' | 'missing'

export interface KeychainStatus {
  state: KeychainState
  /** Why it is not available, in words a user can act on; absent when available. */
  reason?: string
}

export interface AppInfo {
  name: string
  version: string
  dataDir: string
  keychain: KeychainStatus
  host: 'electron' | 'web'
}

export interface Notice {
  id: string
  level: 'info' | 'warning' | 'error'
  message: string
  at: string
}

/** Request methods: the renderer calls them, the core answers. Arguments are one plain object. */
export interface Requests {
  'app.info': (args: Record<string, never>) => AppInfo
  'app.notices': (args: Record<string, never>) => Notice[]
  'app.dismissNotice': (args: { id: string }) => void
  'app.recheckKeychain': (args: Record<string, never>) => KeychainStatus
  'app.openExternal': (args: { url: string }) => void
}

/** Events: the core pushes them to every connected renderer. */
export interface Events {
  'app.keychainChanged': KeychainStatus
  'app.notice': Notice
}

export type RequestMethod = keyof Requests
export type EventName = keyof Events
export type RequestArgs<M extends RequestMethod> = Parameters<Requests[M]>[0]
export type RequestResult<M extends RequestMethod> = ReturnType<Requests[M]>

export const requestMethods = [
  'app.info',
  'app.notices',
  'app.dismissNotice',
  'app.recheckKeychain',
  'app.openExternal',
] as const satisfies readonly RequestMethod[]

export const eventNames = ['app.keychainChanged', 'app.notice'] as const satisfies readonly EventName[]

/** What every host gives the renderer: the same shape whether it is IPC or a WebSocket. */
export interface ShipmateBridge {
  request<M extends RequestMethod>(method: M, args: RequestArgs<M>): Promise<RequestResult<M>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  readonly host: 'electron' | 'web'
}

/** The error shape that crosses a process boundary: a message a user can read, never a stack. */
export interface WireError {
  message: string
  code: string
  /** The request field that failed validation, when that was the cause. */
  field?: string
}

// Compile-time check that the method list and the map agree in both directions.
type Missing = Exclude<RequestMethod, (typeof requestMethods)[number]>
type MissingEvents = Exclude<EventName, (typeof eventNames)[number]>
const exhaustive: [Missing, MissingEvents] extends [never, never] ? true : false = true
void exhaustive
