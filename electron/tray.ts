import { join } from 'node:path'
import { app, Menu, nativeImage, Tray } from 'electron'
import { trayMenuTemplate, type TrayActions, type TrayModel } from './desktop/tray-menu'

/** The tray icon: its menu lists the sessions; its alert state lasts until the alert is acknowledged. */
export interface AppTray {
  update(model: TrayModel): void
  destroy(): void
}

export function createTray(actions: TrayActions): AppTray | undefined {
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
  tray.on('click', actions.showWindow)
  // Rebuilding a menu is not free and `sessions.changed` is frequent: only a model that changed is applied.
  let shown = ''
  const update = (model: TrayModel) => {
    const key = JSON.stringify(model)
    if (key === shown) return
    shown = key
    tray.setImage(model.alerting ? alert : normal)
    tray.setToolTip(model.tooltip)
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, actions)))
  }
  update({ alerting: false, tooltip: 'Shipmate', sessions: [] })
  return { update, destroy: () => tray.destroy() }
}
