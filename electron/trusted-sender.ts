import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'

/**
 * Electron security checklist item 17, "Validate the sender of all IPC messages": only the main
 * frame of our own window, showing our own page, may call the core.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | undefined, pageUrl: string): boolean {
  if (!window || window.isDestroyed()) return false
  const frame = event.senderFrame
  if (!frame || event.sender.id !== window.webContents.id || frame !== event.sender.mainFrame) return false
  return new URL(frame.url).origin === new URL(pageUrl).origin
}
