import { expect, test, type Browser } from '@playwright/test'
import { App } from '../support/app'
import { emulator } from '../support/emulator-process'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

let emu: TravisEmulator
let sim: TmateSim
let vm: TmateSimSession | undefined
/** Set by a test whose intruder reads the job log first: joins the VM and puts a count on the status row before the app connects. */
let arrivesFirst: { count: string; viewer?: OpenSshViewer } | undefined
/** How the next debug VM's tmate server behaves: with a client count (tmate.io) unless a test says otherwise. */
let vmOptions: { noWebsocket?: boolean } = {}

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
  emu = await emulator({ timeline: { stepMs: 150, dotEveryMs: 60_000 } })
  emu.control.setDefaultDebugScript({
    ssh: async () => {
      vm = await sim.createSession(vmOptions)
      if (arrivesFirst) {
        arrivesFirst.viewer = new OpenSshViewer(sim.port, vm.token)
        await arrivesFirst.viewer.screen.waitForLastRow(/^0:\[tmux\]\*/)
        await vm.hostRun(['set', '-g', 'window-status-separator', ` ⟦mates:${arrivesFirst.count}⟧ `])
      }
      return { host: '127.0.0.1', port: sim.port, token: vm.token }
    },
    onVmGone: () => void vm?.end(),
  })
})
test.afterAll(async () => {
  await emu.close()
  await sim.close()
})

/** Starts the app in browser mode, recording the Web Notifications the page shows (headless Chromium has no notification centre). */
async function appRecordingNotifications(browser: Browser): Promise<App> {
  const app = await App.start(browser)
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
  return app
}

const shownNotifications = (app: App): Promise<string> =>
  app.page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications.join('\n'))

/** Adds alice, opens one of her jobs, debugs it and trusts the simulated VM's host key. */
async function debugJob(app: App, jobId: number): Promise<void> {
  await app.addAccount(emu.url, SEED.users.alice.token)
  const host = new URL(emu.url).host
  await app.page.getByLabel('Paste a Travis URL').fill(`http://${host}/github/alice/private-app/jobs/${jobId}`)
  await app.page.getByLabel('Paste a Travis URL').press('Enter')
  await app.page.getByRole('button', { name: /^Debug job #/ }).first().click()
  await app.page.getByRole('dialog', { name: /^Debug job #/ }).getByRole('button', { name: 'Debug job' }).click()
  await app.page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
}

test('an intruder joins: banner, notification, Cancel job now, the timeline shows it all', async ({ browser }) => {
  const app = await appRecordingNotifications(browser)
  let intruder: OpenSshViewer | undefined
  try {
    await debugJob(app, SEED.jobs.matrixLinux)
    await new TerminalPage(app.page).waitForPrompt()
    await expect(app.page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection is on · 1 connected', { timeout: 20_000 })

    if (!vm) throw new Error('no debug VM session')
    intruder = new OpenSshViewer(sim.port, vm.token)
    const banner = app.page.getByRole('alert').filter({ hasText: 'joined' })
    await expect(banner).toContainText('2 connected', { timeout: 10_000 })
    await expect.poll(() => shownNotifications(app)).toContain('joined')

    await banner.getByRole('button', { name: 'Cancel job now' }).click()
    await expect.poll(() => emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.matrixLinux}/cancel` }).length).toBe(1)
    await expect(app.page.getByRole('status', { name: 'Session status' })).toContainText('Ended', { timeout: 20_000 })
    // The banner moves on with each action: only what still applies is offered.
    const after = app.page.getByRole('alert').filter({ hasText: 'The job was cancelled' })
    await expect(after).toBeVisible()
    await expect(after.getByRole('button', { name: 'Cancel job now' })).toHaveCount(0)
    await expect(after.getByRole('button', { name: "That's me" })).toHaveCount(0)
    await expect(after.getByRole('button', { name: 'Disconnect' })).toHaveCount(0)
    await after.getByRole('button', { name: 'Delete log' }).click()
    await expect.poll(() => emu.control.requests({ method: 'DELETE', path: `/job/${SEED.jobs.matrixLinux}/log` }).length).toBe(1)
    await expect(after).toContainText('The job log was deleted')
    await expect(app.page.getByRole('button', { name: 'Delete log' })).toHaveCount(0)
    await after.getByRole('button', { name: 'Close', exact: true }).click()
    await expect(app.page.getByRole('alert').filter({ hasText: 'The job was cancelled' })).toHaveCount(0)
    await app.page.getByText('Timeline').click()
    const timeline = app.page.getByRole('region', { name: 'Session timeline' })
    await expect(timeline).toContainText('Connected')
    await expect(timeline).toContainText('Someone joined (2 connected)')
    await expect(timeline).toContainText('Job cancelled')
    await expect(timeline).toContainText('Job log deleted')
    await expect(timeline).toContainText('Session ended')
  } finally {
    intruder?.close()
    await app.stop()
  }
})

test('an intruder who arrived first and set a lower count: the banner says the count was set by someone else', async ({ browser }) => {
  const app = await appRecordingNotifications(browser)
  arrivesFirst = { count: '1' }
  try {
    await debugJob(app, SEED.jobs.matrixMysql)
    const banner = app.page.getByRole('alert').filter({ hasText: 'set by someone else' })
    await expect(banner).toContainText('someone may have been in this session before you', { timeout: 30_000 })
    await expect(banner).toContainText('2 connected, you included')
    await expect(banner.getByRole('button', { name: 'Cancel job now' })).toBeVisible()
    await expect.poll(() => shownNotifications(app)).toContain('set by someone else')
    // Never the all-clear the intruder's count claimed.
    await expect(app.page.getByRole('status', { name: 'Join detection' })).not.toContainText('1 connected')
    await app.page.getByText('Timeline').click()
    const timeline = app.page.getByRole('region', { name: 'Session timeline' })
    await expect(timeline).toContainText('The count on the status row was disputed')
    await expect(timeline).toContainText('Someone was already in when you connected (2 connected)')
    await expect(timeline).toContainText('Seen when you connected — A count (1) was already on the status row')

    // Disconnecting leaves the job, and whoever is in it, running: the banner says so and offers only what still applies.
    await banner.getByRole('button', { name: 'Disconnect' }).click()
    const status = app.page.getByRole('status', { name: 'Session status' })
    await expect(status).toContainText('Ended')
    // Nothing watches a session Shipmate has left: the guard's line says so rather than keep "on" or "starting".
    await expect(app.page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection stopped: you are no longer connected')
    const left = app.page.getByRole('alert').filter({ hasText: 'You are out of the session' })
    await expect(left).toBeVisible()
    await expect(left.getByRole('button', { name: 'Disconnect' })).toHaveCount(0)
    await expect(left.getByRole('button', { name: "That's me" })).toHaveCount(0)
    const cancels = () => emu.control.requests({ method: 'POST', path: /^\/job\/\d+\/cancel$/ }).length
    const cancelsBefore = cancels()
    await left.getByRole('button', { name: 'Cancel job now' }).click()
    await expect.poll(cancels).toBe(cancelsBefore + 1)
    // The session's own line no longer invites the user back into a job that is gone.
    await expect(status).toContainText('cancelled')
    await expect(status).not.toContainText('open it again')
    const cancelled = app.page.getByRole('alert').filter({ hasText: 'The job was cancelled' })
    await expect(cancelled.getByRole('button', { name: 'Delete log' })).toBeVisible()
    await expect(cancelled.getByRole('button', { name: 'Cancel job now' })).toHaveCount(0)
  } finally {
    arrivesFirst?.viewer?.close()
    arrivesFirst = undefined
    await app.stop()
  }
})

test('a server without a client count: a smaller client raises the alert in honest words, and its leaving is noted', async ({ browser }) => {
  // A debug run, then a join and a leave that must stay away for a moment to count: more steps than the default allows on a busy machine.
  test.setTimeout(120_000)
  const app = await appRecordingNotifications(browser)
  vmOptions = { noWebsocket: true }
  let intruder: OpenSshViewer | undefined
  try {
    await debugJob(app, SEED.jobs.matrixOsx)
    await new TerminalPage(app.page).waitForPrompt()
    const detection = app.page.getByRole('status', { name: 'Join detection' })
    await expect(detection).toContainText('Join detection is unavailable', { timeout: 20_000 })
    await expect(detection).not.toContainText('Join detection is on')

    if (!vm) throw new Error('no debug VM session')
    intruder = new OpenSshViewer(sim.port, vm.token, 60, 20)
    const banner = app.page.getByRole('alert').filter({ hasText: 'smaller window' })
    await expect(banner).toContainText('Someone with a smaller window (60x19) is connected; this server cannot count clients.', { timeout: 15_000 })
    await expect(banner).not.toContainText('connected, you included')
    await expect(banner.getByRole('button', { name: 'Cancel job now' })).toBeVisible()
    await expect.poll(() => shownNotifications(app)).toContain('this server cannot count clients')

    intruder.close()
    await app.page.getByText('Timeline').click()
    const timeline = app.page.getByRole('region', { name: 'Session timeline' })
    await expect(timeline).toContainText('Someone may have joined — Someone with a smaller window (60x19) is connected', { timeout: 15_000 })
    await expect(timeline).toContainText('The smaller window is gone', { timeout: 15_000 })
    await expect(timeline).not.toContainText('Join detection started')
    await expect(detection).not.toContainText('Join detection is on')
  } finally {
    vmOptions = {}
    intruder?.close()
    await app.stop()
  }
})
