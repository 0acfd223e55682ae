import { join } from 'node:path'
import { BrowserWindow, screen } from 'electron'
import type { Logger } from './core/log'
import { JsonFile } from './core/store/json-file'
import { emptyWindowState, parseWindowState, rememberWindow, restoreWindow, type WindowStateFile } from './desktop/window-state'
import { applyWindowPolicy } from './window-policy'

const DEFAULTS = { width: 1200, height: 800, minWidth: 720, minHeight: 480 }
/** Saves once the user has stopped moving or resizing, so a quit right after still finds it saved. */
const SAVE_AFTER_MS = 500

export function windowStateFile(dataDir: string): JsonFile<WindowStateFile> {
  return new JsonFile(join(dataDir, 'window-state.json'), { parse: parseWindowState, empty: emptyWindowState })
}

/** The app's one window: sandboxed, isolated, no Node, the shared window policy, placed where it was last left. */
export async function createMainWindow(
  pageUrl: string,
  openExternal: (url: string) => Promise<void>,
  stateFile: JsonFile<WindowStateFile>,
  log: Logger,
): Promise<BrowserWindow> {
  const saved = await stateFile.read().catch(() => emptyWindowState())
  const placed = restoreWindow(saved, screen.getAllDisplays(), screen.getPrimaryDisplay(), DEFAULTS)
  const window = new BrowserWindow({
    ...placed.bounds,
    minWidth: DEFAULTS.minWidth,
    minHeight: DEFAULTS.minHeight,
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
  if (placed.maximized) window.maximize()
  applyWindowPolicy(window, openExternal)

  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    clearTimeout(timer)
    if (window.isDestroyed() || window.isFullScreen()) return
    const bounds = window.getNormalBounds()
    const maximized = window.isMaximized()
    stateFile.update((state) => rememberWindow(state, screen.getDisplayMatching(bounds), bounds, maximized)).catch((error: unknown) => {
      log.warn(`Could not save the window's position: ${error instanceof Error ? error.message : String(error)}`)
    })
  }
  const saveSoon = () => {
    clearTimeout(timer)
    timer = setTimeout(save, SAVE_AFTER_MS)
  }
  window.on('resize', saveSoon)
  window.on('move', saveSoon)
  window.on('maximize', saveSoon)
  window.on('unmaximize', saveSoon)
  window.on('close', save)

  window.once('ready-to-show', () => window.show())
  void window.loadURL(pageUrl)
  return window
}
