import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { emulator } from '../support/emulator-process'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

let emu: TravisEmulator
let sim: TmateSim
let vm: TmateSimSession | undefined

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
  emu = await emulator({ timeline: { stepMs: 150, dotEveryMs: 60_000 } })
  emu.control.setDefaultDebugScript({
    ssh: async () => {
      vm = await sim.createSession()
      return { host: '127.0.0.1', port: sim.port, token: vm.token }
    },
    onVmGone: () => void vm?.end(),
  })
})
test.afterAll(async () => {
  await emu.close()
  await sim.close()
})

test('an intruder joins: banner, notification, Cancel job now, the timeline shows it all', async ({ browser }) => {
  const app = await App.start(browser)
  // Record Web Notifications the page shows (Chromium headless has no notification centre to look at).
  await app.page.context().grantPermissions(['notifications'], { origin: app.origin })
  await app.page.addInitScript(() => {
    const shown: string[] = []
    ;(window as unknown as { shownNotifications: string[] }).shownNotifications = shown
    const Original = window.Notification
    class Recording extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        shown.push(`${title}: ${options?.body ?? ''}`)
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording })
  })
  await app.page.reload()
  await app.waitForLoaded()
  let intruder: OpenSshViewer | undefined
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    const host = new URL(emu.url).host
    await app.page.getByLabel('Paste a Travis URL').fill(`http://${host}/github/alice/private-app/jobs/${SEED.jobs.matrixLinux}`)
    await app.page.getByLabel('Paste a Travis URL').press('Enter')
    await app.page.getByRole('button', { name: /^Debug job #/ }).first().click()
    await app.page.getByRole('dialog', { name: /^Debug job #/ }).getByRole('button', { name: 'Debug job' }).click()
    await app.page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
    await new TerminalPage(app.page).waitForPrompt()
    await expect(app.page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection is on · 1 connected', { timeout: 20_000 })

    if (!vm) throw new Error('no debug VM session')
    intruder = new OpenSshViewer(sim.port, vm.token)
    const banner = app.page.getByRole('alert').filter({ hasText: 'joined' })
    await expect(banner).toContainText('2 connected', { timeout: 10_000 })
    await expect.poll(() => app.page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications.join('\n'))).toContain('joined')

    await banner.getByRole('button', { name: 'Cancel job now' }).click()
    await expect.poll(() => emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.matrixLinux}/cancel` }).length).toBe(1)
    await expect(app.page.getByRole('status', { name: 'Session status' })).toContainText('Ended', { timeout: 20_000 })
    await app.page.getByText('Timeline').click()
    const timeline = app.page.getByRole('region', { name: 'Session timeline' })
    await expect(timeline).toContainText('Connected')
    await expect(timeline).toContainText('Someone joined (2 connected)')
    await expect(timeline).toContainText('Job cancelled')
    await expect(timeline).toContainText('Session ended')
  } finally {
    intruder?.close()
    await app.stop()
  }
})
