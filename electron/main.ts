import { release } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, dialog, Menu, shell, type BrowserWindow } from 'electron'
import packageJson from '../package.json'
import { enterpriseApis } from '@shared/accounts-match'
import type { DesktopOpen } from '@shared/api'
import { linkFromArgv, parseDeepLink, SHIPMATE_SCHEME } from '@shared/parse/deep-link'
import { createOsKeychain } from './core/accounts/keychain'
import { createCore, type Core } from './core/create-core'
import { createLogger } from './core/log'
import { prepareDataDir, resolveDataDir } from './core/store/data-dir'
import { nodeIo } from './cli/io'
import { runCli } from './cli/run-cli'
import { appMenuTemplate } from './desktop/app-menu'
import { cliInvocation } from './desktop/cli-invocation'
import { projectLinks, reportProblemUrl } from './desktop/help-links'
import { LinkInbox } from './desktop/link-inbox'
import { protocolClientArgs } from './desktop/protocol-client'
import { quitQuestion } from './desktop/quit-question'
import { trackAlerts, trayModel } from './desktop/tray-menu'
import { bindIpc } from './ipc'
import { createAlertNotifier } from './alert-notifier'
import { createMainWindow, windowStateFile } from './main-window'
import { sendToPage } from './send-to-page'
import { createTray } from './tray'

const log = createLogger()
let mainWindow: BrowserWindow | undefined
/** Links handed over before the core and the window exist (a launch by a link, macOS's early open-url). */
const earlyLinks: string[] = []
let takeLink = (text: string) => void earlyLinks.push(text)

const cliArgs = cliInvocation(process.argv, process.defaultApp === true)
if (cliArgs) {
  runAsCli(cliArgs)
} else if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  const client = protocolClientArgs(process.defaultApp === true, process.execPath, process.argv, resolve)
  app.setAsDefaultProtocolClient(SHIPMATE_SCHEME, client.path, client.args)
  // A second launch (a link clicked, `shipmate URL` typed) hands its link to this instance and exits.
  app.on('second-instance', (_event, argv) => {
    showWindow()
    const link = linkFromArgv(argv.slice(1))
    if (link) takeLink(link)
  })
  // macOS hands links (and links dropped on the Dock icon) to the running app rather than in argv.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    takeLink(url)
  })
  app.whenReady().then(start, (error: unknown) => {
    log.error('Shipmate could not start', error)
    app.exit(1)
  })
}

/** `shipmate accounts list` and the like, run by the installed app binary: no window, no Dock icon. */
function runAsCli(args: string[]): void {
  app.dock?.hide()
  runCli(args, nodeIo(), packageJson.version).then(
    (code) => app.exit(code),
    (error: unknown) => {
      process.stderr.write(`shipmate: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`)
      app.exit(1)
    },
  )
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

async function start(): Promise<void> {
  const flagIndex = process.argv.indexOf('--data-dir')
  const flag = flagIndex >= 0 ? process.argv[flagIndex + 1] : undefined
  const dataDir = resolveDataDir(flag, process.env, () => app.getPath('userData'))
  await prepareDataDir(dataDir)
  const openExternal = (url: string) => shell.openExternal(url)
  const inbox = new LinkInbox<DesktopOpen>((open) => sendToPage(mainWindow, 'app.open', open))
  const openSession = (sessionId: string | undefined) => {
    showWindow()
    if (sessionId) inbox.deliver({ what: 'session', sessionId })
  }

  // The notifier is handed to the core it reports on, so it reaches the core through this box.
  const built: { core?: Core } = {}
  const tray = createTray({ showWindow, showSession: openSession, quit: () => app.quit() })
  const notifier = createAlertNotifier({
    sessions: () => built.core?.sessions.list() ?? [],
    openSession,
    cancelJob: async (job) => {
      try {
        await built.core?.handle('jobs.cancel', job)
      } catch (error) {
        built.core?.notify('error', `The job was not cancelled: ${error instanceof Error ? error.message : String(error)}`)
      }
    },
  })
  const running = await createCore({ dataDir, version: packageJson.version, host: 'electron', keychain: createOsKeychain(), log, openExternal, notifier })
  built.core = running

  let unacknowledged: ReadonlySet<string> = new Set()
  running.events.subscribe((name, payload) => {
    unacknowledged = trackAlerts(unacknowledged, name, payload)
    if (name === 'sessions.changed' || name === 'sessions.removed' || name === 'sessions.timeline') {
      tray?.update(trayModel(running.sessions.list(), unacknowledged))
    }
  })

  const links = projectLinks(packageJson)
  const { readme, issues } = links
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        development: !app.isPackaged,
        appName: app.name,
        newSessionFromSsh: () => {
          showWindow()
          inbox.deliver({ what: 'ssh-paste' })
        },
        // Without a project address the README shipped with the app opens, in the OS's viewer for Markdown.
        openReadme: readme ? () => void openExternal(readme) : () => void shell.openPath(localReadme()),
        reportProblem: issues
          ? () =>
              void openExternal(
                reportProblemUrl(issues, {
                  appVersion: packageJson.version,
                  electronVersion: process.versions.electron ?? 'unknown',
                  chromeVersion: process.versions.chrome ?? 'unknown',
                  platform: process.platform,
                  osRelease: release(),
                  arch: process.arch,
                }),
              )
          : undefined,
      }),
    ),
  )

  const devUrl = process.env.ELECTRON_RENDERER_URL
  const pageUrl = devUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString()
  bindIpc(running, () => mainWindow, pageUrl, log)
  const window = await createMainWindow(pageUrl, openExternal, windowStateFile(dataDir), log)
  mainWindow = window
  window.webContents.on('did-start-loading', () => inbox.pageUnloaded())
  window.webContents.on('did-finish-load', () => inbox.pageLoaded())
  window.on('closed', () => {
    mainWindow = undefined
  })

  takeLink = (text) => {
    showWindow()
    void openLink(text)
  }
  const openLink = async (text: string) => {
    const accounts = await running.accounts.list().catch(() => [])
    const result = parseDeepLink(text, enterpriseApis(accounts))
    // Never the link itself in the log: an SSH link carries a session token.
    if (!result.ok) log.warn('Refused a link handed to Shipmate; the window says why.')
    inbox.deliver({ what: 'link', result })
  }
  const launchLink = linkFromArgv(process.argv.slice(1))
  for (const text of [...(launchLink ? [launchLink] : []), ...earlyLinks.splice(0)]) takeLink(text)

  askBeforeQuitting(running, window)
  app.on('window-all-closed', () => app.quit())
}

/** The README packed beside the app (electron-builder's extraResources), or the checkout's in development. */
function localReadme(): string {
  return app.isPackaged ? join(process.resourcesPath, 'README.md') : join(__dirname, '..', '..', 'README.md')
}

/** Quitting with sessions open asks first, whichever way the user quits: window, menu, tray, Cmd+Q. */
function askBeforeQuitting(core: Core, window: BrowserWindow): void {
  let confirmed = false
  let asking = false
  const ask = (event: { preventDefault(): void }) => {
    if (confirmed) return
    const question = quitQuestion(core.sessions.list())
    if (!question) return
    event.preventDefault()
    if (asking) return
    asking = true
    const [quit, stay] = question.buttons
    void dialog
      .showMessageBox(window, { type: 'question', message: question.message, detail: question.detail, buttons: [quit, stay], defaultId: 1, cancelId: 1 })
      .then(({ response }) => {
        asking = false
        if (response !== 0) return
        confirmed = true
        app.quit()
      })
  }
  window.on('close', ask)
  app.on('before-quit', (event) => {
    ask(event)
    if (confirmed || !quitQuestion(core.sessions.list())) void core.dispose()
  })
}
