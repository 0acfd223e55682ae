import type { BrowserWindow } from 'electron'
import type { EventName, Events } from '@shared/api'
import { EVENT_CHANNEL } from '@shared/ipc-channels'

/** An event from the host itself (not the core) to the page, on the same typed channel as the core's. */
export function sendToPage<E extends EventName>(window: BrowserWindow | undefined, name: E, payload: Events[E]): void {
  if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload)
}
