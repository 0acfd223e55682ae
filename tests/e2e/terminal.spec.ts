import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'

let sim: TmateSim

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
})
test.afterAll(async () => {
  await sim.close()
})

async function openFromPasteBox(app: App, command: string): Promise<TerminalPage> {
  await app.pasteSshCommand(command)
  const trust = app.page.getByRole('button', { name: 'Trust this host' })
  await expect(app.page.getByRole('dialog', { name: /^Trust / })).toContainText(sim.hostKeyFingerprint)
  await trust.click()
  const terminal = new TerminalPage(app.page)
  await terminal.waitForPrompt()
  return terminal
}

test('open a session from the paste box and run a command', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    await app.page.getByLabel('Paste an SSH command').fill('ssh -o ProxyCommand=evil x@y')
    await app.page.getByRole('button', { name: 'Connect' }).click()
    await expect(app.page.getByRole('alert')).toBeVisible()

    const terminal = await openFromPasteBox(app, session.sshCommand)
    await terminal.type('echo hello from $((6*7))\n')
    await terminal.waitForText('hello from 42')
    await expect(terminal.tabs.getByRole('tab', { name: '0: bash' })).toHaveAttribute('aria-selected', 'true')
    await expect(app.page.getByText('The current window is shared')).toBeVisible()

    await app.page.keyboard.press('Control+Shift+F')
    await app.page.getByLabel('Search the terminal').fill('hello from')
    await app.page.getByLabel('Search the terminal').press('Enter')
    await expect(app.page.getByRole('status', { name: 'Terminal search result' })).toHaveText('')
    await app.page.getByLabel('Search the terminal').fill('no such text anywhere')
    await app.page.getByLabel('Search the terminal').press('Enter')
    await expect(app.page.getByRole('status', { name: 'Terminal search result' })).toHaveText('No match')
    await app.page.getByLabel('Search the terminal').press('Escape')

    // A multi-line paste into the shared shell asks first.
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin })
    await app.page.evaluate(() => navigator.clipboard.writeText('echo first-$((1+1))\necho second-$((2+2))\n'))
    await terminal.focus()
    await app.page.keyboard.press('Control+Shift+V')
    const confirm = app.page.getByRole('dialog', { name: 'Paste several lines?' })
    await expect(confirm).toContainText('2 lines')
    await confirm.getByRole('button', { name: 'Paste' }).click()
    // Bracketed paste: the shell holds the pasted lines until the user presses Enter.
    await terminal.waitForText('echo second-$((2+2))')
    expect(await terminal.text()).not.toMatch(/^second-4/m)
    await terminal.press('Enter')
    await terminal.waitForText(/^second-4/m)
    await terminal.waitForText(/^first-2/m)
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})

test('tabs follow the windows a second OpenSSH client creates and selects', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  const other = new OpenSshViewer(sim.port, session.token)
  try {
    const terminal = await openFromPasteBox(app, session.sshCommand)
    other.send('\x02c')
    await expect(terminal.tabs.getByRole('tab', { name: /^1: / })).toHaveAttribute('aria-selected', 'true')
    await expect(terminal.tabs.getByRole('tab')).toHaveCount(2)
    other.send('\x020')
    await expect(terminal.tabs.getByRole('tab', { name: /^0: / })).toHaveAttribute('aria-selected', 'true')

    await app.page.getByRole('button', { name: 'New window' }).click()
    await expect(terminal.tabs.getByRole('tab')).toHaveCount(3)
    await terminal.tabs.getByRole('tab', { name: /^0: / }).click()
    await expect(terminal.tabs.getByRole('tab', { name: /^0: / })).toHaveAttribute('aria-selected', 'true')
  } finally {
    other.close()
    await app.stop()
    await session.end().catch(() => {})
  }
})

test('a flood never freezes the window, and Ctrl-C brings the prompt back', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const terminal = await openFromPasteBox(app, session.sshCommand)
    await terminal.type('yes "flood flood flood flood"\n')
    await terminal.waitForText('flood flood flood flood')
    // The UI keeps answering while the flood runs.
    await app.page.getByRole('button', { name: 'Build phases' }).click()
    await expect(app.page.getByRole('menu', { name: 'Build phases' })).toBeVisible()
    await app.page.getByRole('button', { name: 'Build phases' }).click()
    await terminal.press('Control+c')
    await terminal.type('echo flood-over\n')
    await terminal.waitForText(/flood-over\s*\n.*travis@sim:~\$/)
    // What an interrupt skips is output, never the screen: the page's rows are the host pane's, the status row aside.
    const rows = async () => {
      const pane = (await session.hostRun(['capture-pane', '-p', '-t', 'default:'])).replace(/\n$/, '').split('\n')
      const page = (await terminal.text()).split('\n').slice(0, -1)
      return { pane: pane.map((line) => line.trimEnd()).slice(0, page.length), page: page.map((line) => line.trimEnd()) }
    }
    await expect.poll(async () => {
      const { pane, page } = await rows()
      return JSON.stringify(pane) === JSON.stringify(page) ? 'same' : JSON.stringify({ pane: pane.slice(-4), page: page.slice(-4) })
    }).toBe('same')
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})

test("where WebGL is software, the terminal draws with the DOM renderer and the app's log says so once", async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    await openFromPasteBox(app, session.sshCommand)
    const said = () => app.log.split('\n').filter((line) => line.includes("the terminal draws with xterm.js's DOM renderer"))
    await expect.poll(() => said().length).toBe(1)
    expect(said()[0]).toContain('WebGL here is emulated in software')
    await expect(app.page.locator('.xterm canvas')).toHaveCount(0)
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})
