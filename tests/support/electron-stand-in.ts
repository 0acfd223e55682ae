import { EventEmitter } from 'node:events'
import Module, { createRequire } from 'node:module'

/**
 * A stand-in for the `electron` module, NOT Electron: plain objects that record what the main
 * bundle asks of them, so its wiring can be checked under Node where no Electron binary exists.
 * It knows nothing of Chromium: a recorded `sandbox: true` shows that the app asks for a sandbox,
 * not that a renderer was sandboxed. That needs the real suite in tests/electron.
 */

export interface Call {
  readonly api: string
  readonly args: readonly unknown[]
}

export interface FakeFrame {
  url: string
}

export interface PreventableEvent {
  defaultPrevented: boolean
  preventDefault(): void
}

export const preventable = (): PreventableEvent => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true
  },
})

const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 25, width: 1920, height: 1055 } }

export function createElectronStandIn(paths: { userData: string }) {
  const calls: Call[] = []
  const record = (api: string, ...args: unknown[]) => void calls.push({ api, args })
  let nextContentsId = 1

  class WebContents extends EventEmitter {
    readonly id = nextContentsId++
    readonly mainFrame: FakeFrame = { url: '' }
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
    readonly sent: unknown[][] = []
    readonly session = {
      setPermissionRequestHandler: (handler: unknown) => record('session.setPermissionRequestHandler', handler),
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      record('webContents.setWindowOpenHandler')
      this.windowOpenHandler = handler
    }
    send(...args: unknown[]) {
      record('webContents.send', ...args)
      this.sent.push(args)
    }
  }

  class BrowserWindow extends EventEmitter {
    static readonly created: BrowserWindow[] = []
    readonly webContents = new WebContents()
    private destroyed = false
    constructor(readonly options: Record<string, unknown>) {
      super()
      record('new BrowserWindow', options)
      BrowserWindow.created.push(this)
    }
    loadURL(url: string) {
      record('BrowserWindow.loadURL', url)
      this.webContents.mainFrame.url = url
      return Promise.resolve()
    }
    isDestroyed = () => this.destroyed
    isMinimized = () => false
    isMaximized = () => false
    isFullScreen = () => false
    getNormalBounds = () => ({ x: 10, y: 40, width: 1200, height: 800 })
    restore = () => record('BrowserWindow.restore')
    show = () => record('BrowserWindow.show')
    focus = () => record('BrowserWindow.focus')
    maximize = () => record('BrowserWindow.maximize')
  }

  const ipcHandlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>()

  class Tray extends EventEmitter {
    static readonly created: Tray[] = []
    menu: { template: unknown[] } | undefined
    constructor(image: unknown) {
      super()
      record('new Tray', image)
      Tray.created.push(this)
    }
    setToolTip = (text: string) => record('Tray.setToolTip', text)
    setImage = (image: unknown) => record('Tray.setImage', image)
    setContextMenu = (menu: { template: unknown[] }) => {
      this.menu = menu
      record('Tray.setContextMenu', menu)
    }
    destroy = () => record('Tray.destroy')
  }

  class Notification extends EventEmitter {
    static isSupported = () => true
    constructor(readonly options: unknown) {
      super()
      record('new Notification', options)
    }
    show = () => record('Notification.show')
  }

  const app = Object.assign(new EventEmitter(), {
    name: 'Shipmate',
    isPackaged: false,
    requestSingleInstanceLock: () => {
      record('app.requestSingleInstanceLock')
      return true
    },
    setAsDefaultProtocolClient: (...args: unknown[]) => {
      record('app.setAsDefaultProtocolClient', ...args)
      return true
    },
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => {
      record('app.getPath', name)
      return paths.userData
    },
    quit: () => record('app.quit'),
    exit: (code: number) => record('app.exit', code),
  })

  const electron = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => {
        record('ipcMain.handle', channel)
        ipcHandlers.set(channel, handler)
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu),
    },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    shell: {
      openExternal: async (url: string) => record('shell.openExternal', url),
      openPath: async (path: string) => {
        record('shell.openPath', path)
        return ''
      },
    },
    dialog: {
      showMessageBox: async (...args: unknown[]) => {
        record('dialog.showMessageBox', ...args)
        return { response: 1 }
      },
    },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display, getDisplayMatching: () => display },
  }

  return { electron, calls, ipcHandlers, windows: BrowserWindow.created, trays: Tray.created, app }
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>

/** Loads a CommonJS bundle with `require('electron')` answered by the stand-in; other modules load as usual. */
export function requireWithStandIn(bundlePath: string, standIn: ElectronStandIn): unknown {
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown }
  const original = loader._load
  loader._load = function (this: unknown, request, parent, isMain) {
    return request === 'electron' ? standIn.electron : original.call(this, request, parent, isMain)
  }
  try {
    return createRequire(import.meta.url)(bundlePath)
  } finally {
    loader._load = original
  }
}
