import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { App } from '../support/app'
import { emulatorWithVms } from '../support/debug-vm'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

let emu: TravisEmulator
let sim: TmateSim
let vm: () => TmateSimSession | undefined

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
})
test.afterAll(async () => {
  await sim.close()
})
// A fresh Travis per test: debugging a job changes its state, and each walk debugs one.
test.beforeEach(async () => {
  ;({ emu, vm } = await emulatorWithVms(sim))
})
test.afterEach(async () => {
  await emu.close()
})

/** Fails with axe's own words for each rule broken: the rule, how it matters, and where. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Legacy mode runs axe in the page itself: the app's page owns its browser context, where axe's
  // default mode would need to open a second page. The app has no frames, so nothing is missed.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const found = violations.map((violation) => ({
    screen,
    rule: violation.id,
    impact: violation.impact,
    targets: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }))
  expect(found, `accessibility violations on ${screen}`).toEqual([])
}

async function openSession(app: App): Promise<{ end(): Promise<void> }> {
  const session = await sim.createSession()
  await app.page.getByLabel('Paste an SSH command').fill(session.sshCommand)
  await app.page.getByRole('button', { name: 'Connect' }).click()
  await app.page.getByRole('button', { name: 'Trust this host' }).click()
  await new TerminalPage(app.page).waitForPrompt()
  return session
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the main screens pass WCAG 2.1 AA in the ${colorScheme} theme`, async ({ browser }) => {
    const app = await App.start(browser, { beforeLoad: (page) => page.emulateMedia({ colorScheme }) })
    let intruder: OpenSshViewer | undefined
    try {
      const { page } = app
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme)
      await expectAccessible(page, 'first run')

      await page.getByRole('button', { name: 'Add a Travis account' }).click()
      await expect(page.getByRole('button', { name: 'Save account' })).toBeVisible()
      await expectAccessible(page, 'add account')

      await page.getByLabel('API endpoint').fill(emu.url)
      await page.getByLabel('API token').fill(SEED.users.alice.token)
      await page.getByRole('button', { name: 'Save account' }).click()
      await app.waitForRepositories()
      await expectAccessible(page, 'repositories')

      await page.getByLabel('Filter repositories').fill('private-app')
      await page.getByRole('button', { name: /alice\/private-app/ }).click()
      await expect(page.getByRole('heading', { name: 'Builds of alice/private-app' })).toBeVisible()
      await expectAccessible(page, 'builds')

      // A build whose jobs the emulator restarts in debug mode, so the walk goes on into a session.
      await page.getByLabel('Paste a Travis URL').fill(`http://${new URL(emu.url).host}/github/alice/private-app/builds/${SEED.builds.errored}`)
      await page.getByLabel('Paste a Travis URL').press('Enter')
      await expect(page.getByRole('table', { name: 'Jobs' })).toBeVisible()
      await expectAccessible(page, 'jobs')

      await page.getByRole('button', { name: /^Debug job #/ }).first().click()
      const dialog = page.getByRole('dialog', { name: /^Debug job #/ })
      await expect(dialog.getByRole('status', { name: 'Debug availability' })).not.toBeEmpty()
      await expectAccessible(page, 'debug dialog')
      await page.keyboard.press('Escape')
      await expect(dialog).toBeHidden()

      await page.getByRole('button', { name: /^Debug job #/ }).first().click()
      await dialog.getByRole('button', { name: 'Debug job' }).click()
      await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
      await new TerminalPage(page).waitForGuardedPrompt()
      const item = page.getByRole('list', { name: 'Sessions' }).getByRole('button')
      await expect(item).toHaveAccessibleName(/\S, Connected$/)
      await expectAccessible(page, 'connected session')

      const session = vm()
      if (!session) throw new Error('no debug VM session')
      intruder = new OpenSshViewer(sim.port, session.token)
      await expect(page.getByRole('alert').filter({ hasText: 'joined' })).toBeVisible({ timeout: 10_000 })
      await expect(item).toHaveAccessibleName(/\S, Connected, someone else joined/)
      await expectAccessible(page, 'intruder alert')
    } finally {
      intruder?.close()
      await app.stop()
    }
  })
}

/** The terminal's own background, as xterm.js paints it, and the frame around it. */
async function terminalColours(page: Page): Promise<{ frame: string; terminal: string }> {
  return page.evaluate(() => {
    const frame = document.querySelector('.terminal-frame')
    // xterm.js paints its theme's background on the scrollable element that wraps the rows.
    const viewport = document.querySelector('.terminal-frame .xterm-scrollable-element')
    if (!frame || !viewport) throw new Error('no terminal on the page')
    return { frame: getComputedStyle(frame).backgroundColor, terminal: getComputedStyle(viewport).backgroundColor }
  })
}

test('the terminal fills its frame, in the theme the app shows, and follows a theme switch live', async ({ browser }) => {
  const app = await App.start(browser, { beforeLoad: (page) => page.emulateMedia({ colorScheme: 'light' }) })
  let session: { end(): Promise<void> } | undefined
  try {
    const { page } = app
    session = await openSession(app)

    const light = await terminalColours(page)
    expect(light.frame).toBe(light.terminal)

    // What is left of the frame beyond the rows and columns is less than one cell: no gutter, no band.
    const slack = await page.evaluate(() => {
      const frame = document.querySelector('.terminal-frame')
      const screen = document.querySelector('.terminal-frame .xterm-screen')
      const row = document.querySelector('.terminal-frame .xterm-rows > div')
      const context = document.createElement('canvas').getContext('2d')
      if (!frame || !screen || !row || !context) throw new Error('no terminal on the page')
      const style = getComputedStyle(frame)
      context.font = getComputedStyle(row).font
      const screenBox = screen.getBoundingClientRect()
      return {
        width: frame.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - screenBox.width,
        height: frame.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - screenBox.height,
        cellWidth: context.measureText('W').width,
        cellHeight: row.getBoundingClientRect().height,
      }
    })
    expect(slack.width).toBeGreaterThanOrEqual(0)
    expect(slack.width).toBeLessThan(slack.cellWidth)
    expect(slack.height).toBeGreaterThanOrEqual(0)
    expect(slack.height).toBeLessThan(slack.cellHeight)

    await page.emulateMedia({ colorScheme: 'dark' })
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect.poll(async () => (await terminalColours(page)).terminal).not.toBe(light.terminal)
    const dark = await terminalColours(page)
    expect(dark.frame).toBe(dark.terminal)

    // The user's choice wins over the system's, and survives a reload.
    await page.getByLabel('Theme').selectOption('light')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    await expect.poll(async () => (await terminalColours(page)).terminal).toBe(light.terminal)
    await page.reload()
    await app.waitForLoaded()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    await expect(page.getByLabel('Theme')).toHaveValue('light')
  } finally {
    await app.stop()
    await session?.end().catch(() => {})
  }
})
