import type { BrowserWindow } from 'electron'
import { checkExternalUrl } from './core/create-core'

/**
 * One policy for every window (as Signal Desktop does it): in-app navigation is cancelled, new
 * windows are denied, and http(s) links go to the user's browser through the one handler.
 */
export function applyWindowPolicy(window: BrowserWindow, openExternal: (url: string) => Promise<void>): void {
  const contents = window.webContents
  const sendOut = (url: string) => {
    try {
      void openExternal(checkExternalUrl(url))
    } catch {
      return
    }
  }
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    sendOut(url)
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url)
    return { action: 'deny' }
  })
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'notifications' || permission === 'clipboard-sanitized-write')
  })
}
