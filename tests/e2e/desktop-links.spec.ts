import { expect, test, type Page } from '@playwright/test'
import { App } from '../support/app'
import { emulator } from '../support/emulator-process'
import { waitFor } from '../support/poll'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'
import { SEED } from '../support/travis-emulator'

/**
 * Links dropped on the window, in browser mode: the same page code the desktop app runs for a
 * shipmate: link or a Travis page handed to it (the desktop host's side is covered by
 * tests/unit/main-bundle-stand-in-not-electron.test.ts and, where Electron exists, tests/electron).
 */

let sim: TmateSim
test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
})
test.afterAll(async () => {
  await sim.close()
})

/** What a browser does when a link is dragged onto the page. */
async function drop(page: Page, text: string): Promise<void> {
  await page.evaluate((link) => {
    const data = new DataTransfer()
    data.setData('text/uri-list', link)
    data.setData('text/plain', link)
    document.querySelector('main')?.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
  }, text)
}

test('a dropped shipmate://ssh link fills in the SSH command and connects only on a click', async ({ browser }) => {
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    await drop(app.page, `shipmate://ssh/${session.token}@127.0.0.1:${sim.port}`)
    const dialog = app.page.getByRole('dialog', { name: 'New session from SSH command' })
    await expect(dialog.getByLabel('SSH command')).toHaveValue(`ssh -p${sim.port} ${session.token}@127.0.0.1`)
    await expect(dialog).toContainText('A link asked Shipmate to open this session')
    // Cancelled, then a fresh page asks the core for its sessions: had the link opened one, the core would list it.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await app.page.reload()
    await app.waitForLoaded()
    await expect(app.page.getByText('No debug sessions.')).toBeVisible()
    expect(session.viewers()).toBe(0)

    await drop(app.page, `shipmate://ssh/${session.token}@127.0.0.1:${sim.port}`)
    await dialog.getByRole('button', { name: 'Connect' }).click()
    await app.page.getByRole('button', { name: 'Trust this host' }).click()
    await waitFor(() => session.viewers() === 1, 'Shipmate to join the session after the click')
    await expect(dialog).toBeHidden()
  } finally {
    await app.stop()
    await session.end()
  }
})

test('a dropped link Shipmate refuses says why, and a Travis page goes the way a pasted one does', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await drop(app.page, 'javascript:alert(1)')
    const refused = app.page.getByRole('dialog', { name: 'Shipmate did not open this link' })
    await expect(refused).toContainText('Shipmate does not open javascript: links')
    await refused.getByRole('button', { name: 'OK' }).click()
    await expect(refused).toBeHidden()

    await drop(app.page, 'https://app.travis-ci.com/github/OWNER/REPO/jobs/123456789')
    await expect(refused).toContainText('Shipmate has no account there yet')
  } finally {
    await app.stop()
  }
})

test('a dropped shipmate://job link opens that job\'s debug check with the account on its API host, and restarts nothing', async ({ browser }) => {
  const emu = await emulator()
  const app = await App.start(browser)
  try {
    await drop(app.page, `shipmate://job/${new URL(emu.url).host}/${SEED.jobs.errored}`)
    const linkDialog = app.page.getByRole('dialog', { name: `Debug job ${SEED.jobs.errored} from a link` })
    await expect(linkDialog).toContainText('Shipmate has no account there. Add one first.')
    await linkDialog.getByRole('button', { name: 'Close' }).click()

    await app.addAccount(emu.url, SEED.users.alice.token)
    await drop(app.page, `shipmate://job/${new URL(emu.url).host}/${SEED.jobs.errored}`)
    const dialog = app.page.getByRole('dialog', { name: /^Debug job #/ })
    await expect(dialog.getByRole('status', { name: 'Debug availability' })).toContainText('can be restarted in debug mode')
    await expect(dialog.getByRole('heading')).toContainText('alice/private-app')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toBeHidden()
    expect(emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.errored}/debug` })).toEqual([])
  } finally {
    await app.stop()
    await emu.close()
  }
})
