import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'

const root = resolve(__dirname, '..', '..')
let sim: TmateSim

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
})
test.afterAll(async () => {
  await sim.close()
})

/** The real app on a data directory of its own. */
async function launch(dataDir: string): Promise<ElectronApplication> {
  // --no-sandbox only because CI runs as root; the app itself always asks for a sandboxed renderer.
  return electron.launch({ executablePath: process.env.SHIPMATE_ELECTRON_BINARY, args: [root, '--no-sandbox', '--data-dir', dataDir], cwd: root })
}

/** Clicks an item of the application menu the way Electron does for a click in the menu bar: with the focused window. */
async function clickMenu(app: ElectronApplication, menu: string, label: string): Promise<void> {
  const clicked = await app.evaluate(
    ({ BrowserWindow, Menu }, { menu, label }) => {
      const window = BrowserWindow.getAllWindows()[0]
      const top = Menu.getApplicationMenu()?.items.find((item) => item.label.replace('&', '') === menu || item.role === menu.toLowerCase())
      const item = top?.submenu?.items.find((entry) => entry.label === label)
      if (!item || !window) return false
      item.click(undefined, window, window.webContents)
      return true
    },
    { menu, label },
  )
  expect(clicked, `menu item ${menu} → ${label}`).toBe(true)
}

/** File → New session from SSH command…, the command, Connect, Trust this host (the first time only): a guarded prompt. */
async function openSession(app: ElectronApplication, page: Page, sshCommand: string, trust = true): Promise<TerminalPage> {
  await clickMenu(app, 'File', 'New session from SSH command…')
  const dialog = page.getByRole('dialog', { name: 'New session from SSH command' })
  await dialog.getByLabel('SSH command').fill(sshCommand)
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click()
  if (trust) await page.getByRole('button', { name: 'Trust this host' }).click()
  const terminal = new TerminalPage(page)
  await terminal.waitForGuardedPrompt()
  return terminal
}

test("the Edit menu's Copy and Paste work in the terminal", async () => {
  const session = await sim.createSession()
  const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-electron-menu-'))
  const app = await launch(dataDir)
  try {
    const page = await app.firstWindow()
    const terminal = await openSession(app, page, session.sshCommand)
    await terminal.type('clear; echo copy-me-please\n')
    await terminal.waitForText(/^copy-me-please$/m)

    // A selection across the whole screen (Shift forces xterm.js's own selection should tmux want the mouse).
    const box = await page.locator('.terminal-frame .xterm-screen').boundingBox()
    if (!box) throw new Error('the terminal is not on screen')
    await page.keyboard.down('Shift')
    await page.mouse.move(box.x + 2, box.y + 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 10 })
    await page.mouse.up()
    await page.keyboard.up('Shift')
    await app.evaluate(({ clipboard }) => clipboard.writeText('nothing copied yet'))
    await clickMenu(app, 'Edit', 'Copy')
    await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toContain('copy-me-please')

    await app.evaluate(({ clipboard }) => clipboard.writeText('echo pasted-$((40 + 2))-from-the-menu'))
    await terminal.focus()
    await clickMenu(app, 'Edit', 'Paste')
    await terminal.type('\n')
    await terminal.waitForText(/^pasted-42-from-the-menu$/m)
  } finally {
    await app.close()
    await session.end().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
})

test("clicking an intruder notification brings the window up on that session's alert", async () => {
  const watched = await sim.createSession()
  const other = await sim.createSession()
  const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-electron-notification-'))
  const app = await launch(dataDir)
  let intruder: OpenSshViewer | undefined
  try {
    // Notifications are the OS's; the app's own are recorded instead of shown, and clicked from here.
    await app.evaluate(({ Notification }) => {
      const shown: Electron.Notification[] = []
      ;(globalThis as { shownNotifications?: Electron.Notification[] }).shownNotifications = shown
      Notification.isSupported = () => true
      Notification.prototype.show = function record(this: Electron.Notification) {
        shown.push(this)
      }
    })
    const page = await app.firstWindow()
    await openSession(app, page, watched.sshCommand)
    await openSession(app, page, other.sshCommand, false)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`127.0.0.1 · ${other.token.slice(0, 4)}…`)
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.minimize())

    intruder = new OpenSshViewer(sim.port, watched.token)
    const titles = () => app.evaluate(() => ((globalThis as { shownNotifications?: Electron.Notification[] }).shownNotifications ?? []).map((n) => `${n.title}: ${n.body}`))
    await expect.poll(titles, { timeout: 15_000 }).toContainEqual(expect.stringContaining('joined'))

    await app.evaluate(() => {
      const shown = (globalThis as { shownNotifications?: Electron.Notification[] }).shownNotifications ?? []
      shown.find((n) => n.body.includes('joined') || n.title.includes('joined'))?.emit('click')
    })
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isMinimized())).toBe(false)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`127.0.0.1 · ${watched.token.slice(0, 4)}…`)
    await expect(page.getByRole('alert').filter({ hasText: 'joined' })).toContainText('2 connected')
  } finally {
    intruder?.close()
    await app.close()
    await watched.end().catch(() => {})
    await other.end().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
})
