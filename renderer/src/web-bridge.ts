import type { EventName, Events, RequestArgs, RequestMethod, ShipmateBridge, WireError } from '@shared/api'
import type { ServerMessage } from '@shared/wire'
import { CLOSE_BAD_SECRET, WIRE_PATH } from '@shared/wire'

const SECRET_KEY = 'shipmate.secret'

export class BridgeError extends Error {
  readonly code: string
  readonly field: string | undefined
  constructor(error: WireError) {
    super(error.message)
    this.code = error.code
    this.field = error.field
  }
}

/** Takes the secret from the URL fragment once, then keeps it for reloads of this tab only. */
function takeSecret(): string | undefined {
  const match = /(?:^#|&)secret=([^&]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(SECRET_KEY, match[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return match[1]
  }
  return sessionStorage.getItem(SECRET_KEY) ?? undefined
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/** Browser mode: the core's API over the loopback WebSocket, reconnecting after drops. */
export function createWebBridge(): ShipmateBridge {
  const secret = takeSecret()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const pending = new Map<number, Pending>()
  let nextId = 1
  let refused: BridgeError | undefined = secret
    ? undefined
    : new BridgeError({
        code: 'no_secret',
        message: 'This page was opened without its access key. Open the address that "shipmate --web" printed.',
      })
  let ready: Promise<WebSocket> | undefined
  let retryDelay = 250

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${WIRE_PATH}`)
      socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'hello', secret })))
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as ServerMessage
        if (message.type === 'welcome') {
          retryDelay = 250
          resolve(socket)
        } else if (message.type === 'reply') {
          const waiter = pending.get(message.id)
          pending.delete(message.id)
          if (message.ok) waiter?.resolve(message.result)
          else waiter?.reject(new BridgeError(message.error))
        } else if (message.type === 'event') {
          for (const listener of listeners.get(message.name) ?? []) listener(message.payload)
        }
      })
      socket.addEventListener('close', (event) => {
        ready = undefined
        const lost = new BridgeError({ code: 'disconnected', message: 'Lost the connection to Shipmate; reconnecting.' })
        for (const waiter of pending.values()) waiter.reject(lost)
        pending.clear()
        if (event.code === CLOSE_BAD_SECRET) {
          refused = new BridgeError({
            code: 'bad_secret',
            message: 'Shipmate refused this page: its access key is out of date. Open the address Shipmate printed when it started.',
          })
          reject(refused)
          return
        }
        reject(lost)
        setTimeout(() => void ensure().catch(() => {}), retryDelay)
        retryDelay = Math.min(retryDelay * 2, 5_000)
      })
    })

  const ensure = (): Promise<WebSocket> => {
    if (refused) return Promise.reject(refused)
    ready ??= connect()
    return ready
  }

  return {
    host: 'web',
    async request<M extends RequestMethod>(method: M, args: RequestArgs<M>) {
      const socket = await ensure()
      const id = nextId++
      const result = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }))
      socket.send(JSON.stringify({ type: 'request', id, method, args }))
      return result as never
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      void ensure().catch(() => {})
      return () => set.delete(wrapped)
    },
  }
}
