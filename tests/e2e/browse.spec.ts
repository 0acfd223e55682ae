import { expect, test } from '@playwright/test'
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

test('add an account (wrong token first), filter repositories, open a build and its jobs', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await page.getByRole('button', { name: 'Add a Travis account' }).click()
    await page.getByLabel('API endpoint').fill(emu.url)
    await page.getByLabel('API token').fill('definitely-wrong')
    await page.getByRole('button', { name: 'Save account' }).click()
    await expect(page.getByRole('alert')).toContainText('did not accept this token')
    await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('listitem')).toHaveCount(0)

    await page.getByLabel('API token').fill(SEED.users.alice.token)
    await page.getByRole('button', { name: 'Save account' }).click()
    await expect(page.getByRole('button', { name: /Switch to @alice/ })).toBeVisible()
    await expect(page.getByRole('status', { name: 'Repository count' })).toHaveText(/^\d{3} repositories$/)

    await page.getByLabel('Filter repositories').fill('private-app')
    await expect(page.getByRole('status', { name: 'Repository count' })).toHaveText(/^1 of \d+ repositories$/)
    const repo = page.getByRole('button', { name: /alice\/private-app/ })
    await expect(repo).toContainText('debug available')
    await repo.click()

    await expect(page.getByRole('heading', { name: 'Builds of alice/private-app' })).toBeVisible()
    await page.getByRole('button', { name: /^Open build #/ }).first().click()
    const jobs = page.getByRole('table', { name: 'Jobs' })
    await expect(jobs).toBeVisible()
    await expect(jobs.getByRole('row')).not.toHaveCount(1)
  } finally {
    await app.stop()
  }
})

test('a public repository says that debug needs Travis support', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    await app.page.getByLabel('Filter repositories').fill('public-lib')
    await expect(app.page.getByRole('button', { name: /alice\/public-lib/ })).toContainText('only if Travis support enabled it')
  } finally {
    await app.stop()
  }
})

test('paste a job URL and land on its job picker, the job highlighted', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    const host = new URL(emu.url).host
    await app.page.getByLabel('Paste a Travis URL').fill(`http://${host}/github/alice/private-app/jobs/${SEED.jobs.matrixOsx}`)
    await app.page.getByLabel('Paste a Travis URL').press('Enter')
    const jobs = app.page.getByRole('table', { name: 'Jobs' })
    await expect(jobs.locator('tr[aria-current="true"]')).toContainText('osx')

    await app.page.getByLabel('Paste a Travis URL').fill('https://example.com/not/travis')
    await app.page.getByLabel('Paste a Travis URL').press('Enter')
    await expect(app.page.getByRole('alert')).toContainText('travis-ci.com')
  } finally {
    await app.stop()
  }
})

test('removing an account asks first, then forgets it', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    await app.page.getByRole('button', { name: /^Remove @alice/ }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Remove @alice?' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(app.page.getByRole('button', { name: /Switch to @alice/ })).toBeVisible()
    await app.page.getByRole('button', { name: /^Remove @alice/ }).click()
    await dialog.getByRole('button', { name: 'Remove account' }).click()
    await expect(app.page.getByRole('button', { name: 'Add a Travis account' })).toBeVisible()
  } finally {
    await app.stop()
  }
})
