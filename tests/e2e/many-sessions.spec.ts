import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

let sim: TmateSim

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
})
test.afterAll(async () => {
  await sim.close()
})

test('a second session opens while the first is shown, and the sidebar tells them apart', async ({ browser }) => {
  const first = await sim.createSession()
  const second = await sim.createSession()
  const app = await App.start(browser)
  try {
    await app.pasteSshCommand(first.sshCommand)
    await app.page.getByRole('button', { name: 'Trust this host' }).click()
    await new TerminalPage(app.page).waitForPrompt()

    await app.page.getByRole('button', { name: 'New session…' }).click()
    await app.pasteSshCommand(second.sshCommand)
    await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(`127.0.0.1 · ${second.token.slice(0, 4)}…`)
    await expect(app.page.getByRole('status', { name: 'Session status' })).toContainText('Connected')

    const rows = app.page.getByRole('list', { name: 'Sessions' }).getByRole('button')
    await expect(rows).toHaveCount(2)
    await expect(rows.nth(0)).toHaveAccessibleName(new RegExp(`^127\\.0\\.0\\.1 · ${first.token.slice(0, 4)}…, window bash, Connected`))
    await expect(rows.nth(1)).toHaveAccessibleName(new RegExp(`^127\\.0\\.0\\.1 · ${second.token.slice(0, 4)}…, window bash, Connected`))
    await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true')
    const names = await rows.evaluateAll((buttons) => buttons.map((button) => button.textContent ?? ''))
    expect(new Set(names).size).toBe(2)
    // The full token never reaches the page, masked names included.
    for (const token of [first.token, second.token]) expect(await app.page.content()).not.toContain(token)

    await rows.nth(0).click()
    await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(`127.0.0.1 · ${first.token.slice(0, 4)}…`)
  } finally {
    await app.stop()
    await first.end().catch(() => {})
    await second.end().catch(() => {})
  }
})
