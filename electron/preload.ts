import { contextBridge, ipcRenderer } from 'electron'
import { eventNames, requestMethods, type EventName, type ShipmateBridge } from '@shared/api'
import { EVENT_CHANNEL, channelFor } from '@shared/ipc-channels'

type Reply = { ok: true; result: unknown } | { ok: false; error: { message: string; code: string; field?: string } }

const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
ipcRenderer.on(EVENT_CHANNEL, (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload)
})

// Exposes the typed API and nothing else: one call per known method, never ipcRenderer itself.
const bridge: ShipmateBridge = {
  host: 'electron',
  async request(method, args) {
    if (!(requestMethods as readonly string[]).includes(method)) throw new Error(`Unknown request ${method}`)
    const reply = (await ipcRenderer.invoke(channelFor(method), args)) as Reply
    if (reply.ok) return reply.result as never
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code, field: reply.error.field })
  },
  on(event, listener) {
    if (!(eventNames as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`)
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    const wrapped = listener as (payload: unknown) => void
    set.add(wrapped)
    return () => set.delete(wrapped)
  },
}

contextBridge.exposeInMainWorld('shipmate', bridge)
