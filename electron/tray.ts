import { join } from 'node:path'
import { app, Menu, nativeImage, Tray } from 'electron'

/** The tray icon: normal, or its alert state while somebody else is in one of the sessions. */
export interface AppTray {
  setAlert(alerting: boolean, tooltip: string): void
  destroy(): void
}

export function createTray(showWindow: () => void): AppTray | undefined {
  const dir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(__dirname, '..', '..', 'resources')
  const normal = nativeImage.createFromPath(join(dir, 'tray.png'))
  const alert = nativeImage.createFromPath(join(dir, 'tray-alert.png'))
  let tray: Tray
  try {
    tray = new Tray(normal)
  } catch {
    // Some Linux desktops have no tray; alerts still come as notifications and banners.
    return undefined
  }
  tray.setToolTip('Shipmate')
  tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Show Shipmate', click: showWindow }, { role: 'quit' }]))
  tray.on('click', showWindow)
  return {
    setAlert(alerting, tooltip) {
      tray.setImage(alerting ? alert : normal)
      tray.setToolTip(tooltip)
    },
    destroy: () => tray.destroy(),
  }
}
