import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
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

/** The scripts the page has loaded so far. */
const scriptsLoaded = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.endsWith('.js')),
  )

/** The WCAG 2.1 AA rules axe finds broken on the page, in light and in dark. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const found: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme)
    const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    found.push(...violations.map((violation) => `${colorScheme}: ${violation.id} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`))
  }
  return found
}

async function openFromPasteBox(app: App, command: string): Promise<TerminalPage> {
  await app.pasteSshCommand(command)
  await app.page.getByRole('button', { name: 'Trust this host' }).click()
  const terminal = new TerminalPage(app.page)
  await terminal.waitForGuardedPrompt()
  return terminal
}

test('the terminal code loads only when a session opens', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const atStart = await scriptsLoaded(app.page)
    expect(atStart).toHaveLength(1)
    await openFromPasteBox(app, session.sshCommand)
    expect((await scriptsLoaded(app.page)).length).toBeGreaterThan(atStart.length)
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})

test('one compact header at 1024 px: a state chip, detection on one line, the actions at the right', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 680 })
    await openFromPasteBox(app, session.sshCommand)
    const header = page.locator('.session-header')
    const status = page.getByRole('status', { name: 'Session status' })
    const detection = page.getByRole('status', { name: 'Join detection' })
    const headerBox = await header.boundingBox()
    const chipBox = await status.getByText('Connected', { exact: true }).boundingBox()
    const detectionBox = await detection.boundingBox()
    const disconnectBox = await header.getByRole('button', { name: 'Disconnect' }).boundingBox()
    if (!headerBox || !chipBox || !detectionBox || !disconnectBox) throw new Error('the header is not laid out')
    // A chip, not a bar across the header.
    expect(chipBox.width).toBeLessThan(headerBox.width / 4)
    expect(chipBox.height).toBeLessThanOrEqual(24)
    // The detection row keeps its text and its buttons on one line.
    expect(detectionBox.height).toBeLessThanOrEqual(28)
    const detectionButton = await detection.getByRole('button', { name: 'Turn off join detection' }).boundingBox()
    expect(detectionButton?.height).toBeLessThanOrEqual(28)
    // The actions sit at the right end of the header's first line.
    expect(disconnectBox.x + disconnectBox.width).toBeGreaterThan(headerBox.x + headerBox.width - 8)
    expect(disconnectBox.y).toBeLessThan(chipBox.y + chipBox.height)
    // Nothing runs past the window's edge.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})

test('the paste warning counts lines as the shell does and shows what is pasted', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const { page } = app
    const terminal = await openFromPasteBox(app, session.sshCommand)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin })
    await page.evaluate(() => navigator.clipboard.writeText('echo one\necho two\n'))
    await terminal.focus()
    await page.keyboard.press('Control+Shift+V')
    const confirm = page.getByRole('dialog', { name: 'Paste several lines?' })
    await expect(confirm).toContainText('pasting 2 lines')
    await expect(confirm.getByLabel('Text to paste')).toHaveText('echo one\necho two')
    expect(await accessibilityViolations(page)).toEqual([])
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await expect(confirm).toHaveCount(0)
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})

test('window and search each have their own named Close, and closing a window asks first', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const { page } = app
    const terminal = await openFromPasteBox(app, session.sshCommand)
    await page.keyboard.press('Control+Shift+F')
    await expect(page.getByLabel('Search the terminal')).toBeVisible()
    // No two buttons that only say "Close": each says what it closes.
    await expect(page.getByRole('button', { name: 'Close', exact: true })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Close window 0' })).toHaveText('Close window')
    await page.getByRole('button', { name: 'Close search' }).click()
    await expect(page.getByLabel('Search the terminal')).toHaveCount(0)

    await page.getByRole('button', { name: 'Close window 0' }).click()
    const confirm = page.getByRole('dialog', { name: /^Close window 0/ })
    await expect(confirm).toContainText('exit')
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await expect(terminal.tabs.getByRole('tab')).toHaveCount(1)
    await terminal.waitForText(/travis@sim:~\$/)
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})

test('the timeline: a drawer with a legend, an icon per entry, the newest kept in view', async ({ browser }) => {
  test.setTimeout(120_000)
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const { page } = app
    await openFromPasteBox(app, session.sshCommand)
    await page.getByRole('button', { name: 'Timeline' }).click()
    await expect(page.getByRole('button', { name: 'Timeline' })).toHaveAttribute('aria-expanded', 'true')
    const legend = page.getByRole('list', { name: "What the strip's colours mean" })
    await expect(legend).toContainText('only you')
    await expect(legend).toContainText('someone else in')
    await expect(legend).toContainText('count unknown')

    // Others come and go: entries pile up well beyond what the drawer shows at once.
    const detection = page.getByRole('status', { name: 'Join detection' })
    for (let visit = 0; visit < 4; visit++) {
      const other = new OpenSshViewer(sim.port, session.token)
      await expect(detection).toContainText('2 connected', { timeout: 15_000 })
      other.close()
      await expect(detection).toContainText('1 connected', { timeout: 15_000 })
    }
    const timeline = page.getByRole('region', { name: 'Session timeline' })
    const entries = timeline.getByRole('listitem')
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(10)
    await expect(entries.last()).toContainText('Someone left')
    await expect(entries.last()).toBeInViewport()
    // Each entry starts with its kind's icon, painted by the stylesheet.
    const icons = await entries.evaluateAll((items) => items.map((item) => getComputedStyle(item, '::before').content))
    expect(icons.every((icon) => icon !== 'none' && icon !== 'normal')).toBe(true)
    expect(new Set(icons).size).toBeGreaterThan(1)
    expect(await accessibilityViolations(page)).toEqual([])
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})
