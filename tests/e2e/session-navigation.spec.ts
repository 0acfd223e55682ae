import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { useDebugVms } from '../support/e2e-debug-vms'
import { TerminalPage } from '../support/terminal-page'
import { SEED } from '../support/travis-emulator'

const travis = useDebugVms()

async function startDebug(app: App, buildId: number): Promise<void> {
  await app.addAccount(travis.emu.url, SEED.users.alice.token)
  const { page } = app
  await page.getByLabel('Paste a Travis URL').fill(`http://${new URL(travis.emu.url).host}/github/alice/private-app/builds/${buildId}`)
  await page.getByLabel('Paste a Travis URL').press('Enter')
  await expect(page.getByRole('table', { name: 'Jobs' })).toBeVisible()
  await page.getByRole('button', { name: /^Debug job #/ }).first().click()
  await page.getByRole('dialog', { name: /^Debug job #/ }).getByRole('button', { name: 'Debug job' }).click()
}

test('a debug run is listed under Sessions from its first step, says what happens at each, and the sidebar navigates away and back', async ({ browser }) => {
  travis.emu.control.scriptDebug(SEED.jobs.canceled, { variant: 'stuck-queued' })
  const app = await App.start(browser)
  try {
    const { page } = app
    await startDebug(app, SEED.builds.canceled)
    const run = page.getByRole('list', { name: 'Sessions' }).getByRole('button', { name: /^alice\/private-app #103\.1, debug run, / })
    await expect(run).toBeVisible()
    await expect(page.locator('.step.current')).toHaveText(/Queued/, { timeout: 15_000 })
    await expect(run).toHaveAccessibleName(/debug run, Queued$/)
    // The line under the stepper says what is going on, not the step's name a second time.
    const status = page.getByRole('status', { name: 'Debug status' })
    await expect(status).toContainText('Waiting for')
    await expect(status).not.toHaveText(/^Queued/)

    await page.getByRole('button', { name: /Switch to @alice/ }).click()
    await app.waitForRepositories()
    await run.click()
    await expect(page.getByRole('list', { name: 'Debug progress' })).toBeVisible()
    await expect(run).toHaveAttribute('aria-current', 'true')
  } finally {
    await app.stop()
  }
})

test('while a session is open the sidebar browses, and closing the session returns to the build it came from', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await startDebug(app, SEED.builds.errored)
    await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
    await new TerminalPage(page).waitForGuardedPrompt()
    const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('button')
    // The session's row stands for the run now: one row, not two.
    await expect(sessions).toHaveCount(1)

    await page.getByRole('button', { name: /Switch to @alice/ }).click()
    await app.waitForRepositories()
    await expect(page.getByRole('heading', { name: 'Repositories of @alice' })).toBeVisible()
    await sessions.first().click()
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Connected')

    await page.locator('.session-header').getByRole('button', { name: 'Disconnect' }).click()
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Ended')
    await page.getByRole('button', { name: 'Close session' }).click()
    const jobs = page.getByRole('table', { name: 'Jobs' })
    await expect(jobs).toBeVisible()
    await expect(page.getByRole('heading', { name: /^Jobs of build #102/ })).toBeVisible()
    await expect(jobs.locator('tr[aria-current="true"]')).toContainText('#102.1')
  } finally {
    await app.stop()
  }
})

test('the job log and the terminal\'s screen are still there after a reload', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await startDebug(app, SEED.builds.errored)
    await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
    const terminal = new TerminalPage(page)
    await terminal.waitForGuardedPrompt()
    await terminal.type('echo before-the-$((6*7))-reload\n')
    await terminal.waitForText(/^before-the-42-reload$/m)
    const log = page.getByRole('complementary', { name: 'Job log' }).getByRole('log')
    await expect(log).toContainText('Use the following SSH command')

    await page.reload()
    await app.waitForLoaded()
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Connected')
    await expect(log).toContainText('Use the following SSH command')
    // The terminal is drawn again from the core's screen.
    await terminal.waitForText(/^before-the-42-reload$/m)
  } finally {
    await app.stop()
  }
})
