import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { keyringBusAddress, startKeyringBus } from '../support/keyring-bus'

test('the first screen says what to do first and shows the sidebar', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const { page } = app
    await expect(page.getByRole('button', { name: 'Add a Travis account' })).toBeEnabled()
    const sidebar = page.getByRole('navigation', { name: 'Sidebar' })
    await expect(sidebar.getByRole('heading', { name: 'Accounts' })).toBeVisible()
    await expect(sidebar.getByRole('heading', { name: 'Sessions' })).toBeVisible()
    await expect(page.getByRole('status', { name: 'Keychain status' })).toHaveCount(0)
    // The secret leaves the address bar once the page has taken it.
    expect(page.url()).not.toContain('secret=')
  } finally {
    await app.stop()
  }
})

test('follows the OS colour scheme', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    const background = () => app.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await app.page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    await app.page.emulateMedia({ colorScheme: 'dark' })
    const dark = await background()
    expect(light).toBe('rgb(255, 255, 255)')
    expect(dark).not.toBe(light)
  } finally {
    await app.stop()
  }
})

test('a page without the secret is refused and says how to get in', async ({ browser }) => {
  const app = await App.start(browser)
  const stranger = await browser.newPage()
  try {
    await stranger.goto(app.origin + '/')
    await expect(stranger.getByRole('alert')).toContainText('opened without its access key')
    const closeCode = await stranger.evaluate(
      (url) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(url)
          socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', secret: 'guessed' }))
          socket.onclose = (event) => resolve(event.code)
        }),
      app.origin.replace('http', 'ws') + '/api',
    )
    expect(closeCode).toBe(4401)
    await expect.poll(() => app.log).toContain('Refused a browser-mode connection')
  } finally {
    await stranger.close()
    await app.stop()
  }
})

test('keychain missing: says why, blocks adding accounts, and recovers when it appears', async ({ browser }) => {
  const busDir = await mkdtemp(join(tmpdir(), 'shipmate-bus-'))
  const home = join(busDir, 'home')
  await mkdir(home)
  const app = await App.start(browser, { env: { DBUS_SESSION_BUS_ADDRESS: keyringBusAddress(busDir) } })
  const second = await browser.newPage()
  try {
    const banner = app.page.getByRole('status', { name: 'Keychain status' })
    await expect(banner).toContainText('No OS keychain is available')
    await expect(app.page.getByRole('button', { name: 'Add a Travis account' })).toBeDisabled()
    await second.goto(app.url)
    await expect(second.getByRole('status', { name: 'Keychain status' })).toBeVisible()

    const bus = await startKeyringBus(busDir, home)
    try {
      await app.page.getByRole('button', { name: 'Check again' }).click()
      await expect(banner).toHaveCount(0)
      // The other window never asked: the change reached it as an event from the core.
      await expect(second.getByRole('status', { name: 'Keychain status' })).toHaveCount(0)
      await expect(second.getByRole('button', { name: 'Add a Travis account' })).toBeEnabled()
    } finally {
      await bus.stop()
    }
  } finally {
    await second.close()
    await app.stop()
    await rm(busDir, { recursive: true, force: true })
  }
})
