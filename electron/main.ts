import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, Notification, shell } from 'electron'
import { version } from '../package.json'
import { createOsKeychain } from './core/accounts/keychain'
import { createCore, type Core } from './core/create-core'
import { createLogger } from './core/log'
import { prepareDataDir, resolveDataDir } from './core/store/data-dir'
import { bindIpc } from './ipc'
import { createTray } from './tray'
import { applyWindowPolicy } from './window-policy'

const log = createLogger()
let mainWindow: BrowserWindow | undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start, (error: unknown) => {
    log.error('Shipmate could not start', error)
    app.exit(1)
  })
}

async function start(): Promise<void> {
  const flagIndex = process.argv.indexOf('--data-dir')
  const flag = flagIndex >= 0 ? process.argv[flagIndex + 1] : undefined
  const dataDir = resolveDataDir(flag, process.env, () => app.getPath('userData'))
  await prepareDataDir(dataDir)
  const openExternal = (url: string) => shell.openExternal(url)
  const showWindow = () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.show()
    mainWindow.focus()
  }
  const tray = createTray(showWindow)
  const core: Core = await createCore({
    dataDir,
    version,
    host: 'electron',
    keychain: createOsKeychain(),
    log,
    openExternal,
    notifier: {
      notify: (title, body) => {
        if (!Notification.isSupported()) return
        const notification = new Notification({ title, body, urgency: 'critical' })
        notification.on('click', showWindow)
        notification.show()
      },
    },
    onAlertChange: (alerting, summary) => tray?.setAlert(alerting, summary),
  })
  const devUrl = process.env.ELECTRON_RENDERER_URL
  const pageUrl = devUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString()
  bindIpc(core, () => mainWindow, pageUrl, log)
  mainWindow = createWindow(pageUrl, openExternal)
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => void core.dispose())
}

function createWindow(pageUrl: string, openExternal: (url: string) => Promise<void>): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Shipmate',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  applyWindowPolicy(window, openExternal)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(pageUrl)
  window.on('closed', () => {
    mainWindow = undefined
  })
  return window
}
