import { expect, test, type Page } from '@playwright/test'
import { App } from '../support/app'
import { emulator } from '../support/emulator-process'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

let emu: TravisEmulator

test.beforeAll(async () => {
  emu = await emulator()
})
test.afterAll(async () => {
  await emu.close()
})

async function openBuild(app: App, buildId: number): Promise<void> {
  await app.page.getByLabel('Paste a Travis URL').fill(`http://${new URL(emu.url).host}/github/alice/private-app/builds/${buildId}`)
  await app.page.getByLabel('Paste a Travis URL').press('Enter')
  await expect(app.page.getByRole('table', { name: 'Jobs' })).toBeVisible()
}

/** Whether the main area shows everything within its width, with nothing past the window's edge. */
const fitsWidth = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const main = document.querySelector('main')
    return main !== null && main.scrollWidth <= main.clientWidth && document.documentElement.scrollWidth <= window.innerWidth
  })

test('a running build says it is running, not when it finished', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    await app.page.getByLabel('Filter repositories').fill('private-app')
    await app.page.getByRole('button', { name: /alice\/private-app/ }).click()
    const running = app.page.getByRole('row').filter({ has: app.page.getByRole('button', { name: 'Open build #106' }) })
    await expect(running.getByRole('cell').nth(4)).toHaveText(/^started /)
    await expect(running).not.toContainText(/min \d+ s/)
  } finally {
    await app.stop()
  }
})

test('the jobs table keeps each row on one line at 1280 px', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await page.setViewportSize({ width: 1280, height: 800 })
    await app.addAccount(emu.url, SEED.users.alice.token)
    await openBuild(app, SEED.builds.matrix)
    const heights = await page
      .getByRole('table', { name: 'Jobs' })
      .getByRole('columnheader')
      .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().height))
    expect(Math.max(...heights)).toBeLessThan(32)
    for (const row of await page.getByRole('row').filter({ hasText: 'linux' }).all()) {
      const debug = await row.getByRole('button', { name: /^Debug job #/ }).boundingBox()
      const log = await row.getByRole('button', { name: /^Open log of job #/ }).boundingBox()
      expect(log?.y).toBe(debug?.y)
      expect((await row.boundingBox())?.height).toBeLessThan(40)
    }
    await expect(page.getByRole('row').filter({ hasText: 'windows' })).toContainText('may fail')
  } finally {
    await app.stop()
  }
})

test('Open log: the one log viewer, breadcrumbs, and search as you type', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await app.addAccount(emu.url, SEED.users.alice.token)
    await openBuild(app, SEED.builds.matrix)
    await page.getByRole('button', { name: 'Open log of job #104.1' }).click()
    await expect(page.getByRole('heading', { name: 'Log of job #104.1' })).toBeVisible()
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' })
    await expect(crumbs).toContainText('Repositories / alice/private-app / build #104 / job #104.1')
    const log = page.getByRole('log', { name: 'Job log' })
    await expect(log).toContainText('examples')
    // ANSI colours and fold markers are rendered, not shown as text.
    const shown = (await log.textContent()) ?? ''
    expect(shown).not.toContain('\u001b')
    expect(shown).not.toMatch(/\[0m|travis_fold/)
    await expect(page.getByRole('button', { name: /install/ }).first()).toHaveAttribute('aria-expanded')

    await page.getByLabel('Search the log').fill('examples')
    await expect(page.getByRole('status', { name: 'Search result' })).toHaveText(/^1 of \d+$/)
    await page.getByLabel('Search the log').fill('no such words in any log')
    await expect(page.getByRole('status', { name: 'Search result' })).toHaveText('No match')

    await crumbs.getByRole('button', { name: 'build #104' }).click()
    await expect(page.getByRole('table', { name: 'Jobs' })).toBeVisible()
  } finally {
    await app.stop()
  }
})

test('at 1024 px nothing runs past the edge', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 680 })
    await app.addAccount(emu.url, SEED.users.alice.token)
    expect(await fitsWidth(page), 'repositories').toBe(true)
    await page.getByLabel('Filter repositories').fill('private-app')
    await page.getByRole('button', { name: /alice\/private-app/ }).click()
    await expect(page.getByRole('table', { name: 'Builds' })).toBeVisible()
    expect(await fitsWidth(page), 'builds').toBe(true)
    await openBuild(app, SEED.builds.matrix)
    expect(await fitsWidth(page), 'jobs').toBe(true)
    await openBuild(app, SEED.builds.running)
    expect(await fitsWidth(page), 'jobs of a running build').toBe(true)
    await page.getByRole('button', { name: /^Open log of job #/ }).first().click()
    await expect(page.getByRole('log', { name: 'Job log' })).toBeVisible()
    expect(await fitsWidth(page), 'log').toBe(true)
  } finally {
    await app.stop()
  }
})

test("a Travis URL box error is short, and leaves when the user moves on", async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await app.addAccount(emu.url, SEED.users.alice.token)
    await openBuild(app, SEED.builds.matrix)
    await page.getByLabel('Paste a Travis URL').fill('https://example.com/not/travis')
    await page.getByLabel('Paste a Travis URL').press('Enter')
    const error = page.getByRole('alert')
    await expect(error).toContainText('travis-ci.com')
    // What happened in a line or two; the list of addresses Shipmate understands one click away.
    expect((await error.boundingBox())?.height).toBeLessThanOrEqual(48)
    await error.getByText('More').click()
    await expect(error).toContainText('Shipmate understands')

    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('button', { name: 'Repositories' }).click()
    await app.waitForRepositories()
    await expect(page.getByRole('alert')).toHaveCount(0)
  } finally {
    await app.stop()
  }
})
