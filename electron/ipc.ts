import { ipcMain, type BrowserWindow } from 'electron'
import { requestMethods } from '@shared/api'
import { channelFor } from '@shared/ipc-channels'
import type { Core } from './core/create-core'
import { dispatch, type Reply } from './core/dispatch'
import type { Logger } from './core/log'
import { sendToPage } from './send-to-page'
import { isTrustedSender } from './trusted-sender'

/** Binds every request method to the core and forwards the core's events to the window. */
export function bindIpc(core: Core, getWindow: () => BrowserWindow | undefined, pageUrl: string, log: Logger): () => void {
  for (const method of requestMethods) {
    ipcMain.handle(channelFor(method), async (event, args: unknown): Promise<Reply> => {
      if (!isTrustedSender(event, getWindow(), pageUrl)) {
        log.warn(`Ignored ${method} from an untrusted sender.`)
        return { ok: false, error: { code: 'untrusted_sender', message: 'This window may not use Shipmate.' } }
      }
      return dispatch(core, method, args, log)
    })
  }
  const unsubscribe = core.events.subscribe((name, payload) => sendToPage(getWindow(), name, payload))
  return () => {
    unsubscribe()
    for (const method of requestMethods) ipcMain.removeHandler(channelFor(method))
  }
}
