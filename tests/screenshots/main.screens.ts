import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { App } from '../support/app'
import { emulatorWithVms } from '../support/debug-vm'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

const OUT = resolve(__dirname, '..', '..', 'docs', 'screenshots')
const SIZES = [
  { width: 1024, height: 680 },
  { width: 1440, height: 900 },
] as const
const THEMES = ['light', 'dark'] as const

let emu: TravisEmulator
let sim: TmateSim
let vm: () => TmateSimSession | undefined

test.beforeAll(async () => {
  await mkdir(OUT, { recursive: true })
  sim = await startTmateSim({ port: 0 })
  ;({ emu, vm } = await emulatorWithVms(sim))
})
test.afterAll(async () => {
  await emu.close()
  await sim.close()
})

/** One picture per theme and size of what the page shows now, as `docs/screenshots/NAME-THEME-WxH.png`. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme })
    for (const size of SIZES) {
      await page.setViewportSize(size)
      // Let the layout and the terminal's fit follow the new size before the picture.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
      await page.screenshot({ path: join(OUT, `${name}-${theme}-${size.width}x${size.height}.png`) })
    }
  }
}

test('the main screens, light and dark, at 1024×680 and 1440×900', async ({ browser }) => {
  const app = await App.start(browser)
  let intruder: OpenSshViewer | undefined
  try {
    const { page } = app
    await shoot(page, 'first-run')
    await app.addAccount(emu.url, SEED.users.alice.token)
    await shoot(page, 'repositories')
    await page.getByLabel('Filter repositories').fill('private-app')
    await page.getByRole('button', { name: /alice\/private-app/ }).click()
    await expect(page.getByRole('heading', { name: 'Builds of alice/private-app' })).toBeVisible()
    await shoot(page, 'builds')
    const host = new URL(emu.url).host
    await page.getByLabel('Paste a Travis URL').fill(`http://${host}/github/alice/private-app/builds/${SEED.builds.matrix}`)
    await page.getByLabel('Paste a Travis URL').press('Enter')
    await expect(page.getByRole('table', { name: 'Jobs' })).toBeVisible()
    await expect(page.getByRole('button', { name: /^Debug job #/ }).first()).toBeVisible()
    await shoot(page, 'jobs')
    await page.getByRole('button', { name: /^Debug job #/ }).first().click()
    await expect(page.getByRole('dialog', { name: /^Debug job #/ })).toBeVisible()
    await shoot(page, 'debug-dialog')
    await page.getByRole('dialog', { name: /^Debug job #/ }).getByRole('button', { name: 'Debug job' }).click()
    await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
    // The guard leaves tmate's start-up view by itself: waiting for it, rather than pressing q, cannot race it.
    await new TerminalPage(page).waitForGuardedPrompt()
    await expect(page.getByRole('status', { name: 'Join detection' })).toContainText('1 connected', { timeout: 20_000 })
    await shoot(page, 'session')
    const session = vm()
    if (!session) throw new Error('no debug VM session')
    intruder = new OpenSshViewer(sim.port, session.token)
    await expect(page.getByRole('alert').filter({ hasText: /joined/ })).toBeVisible({ timeout: 20_000 })
    await shoot(page, 'session-alert')
  } finally {
    intruder?.close()
    await app.stop()
  }
})
