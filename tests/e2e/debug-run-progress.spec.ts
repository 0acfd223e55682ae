import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { useDebugVms } from '../support/e2e-debug-vms'
import { TerminalPage } from '../support/terminal-page'
import { SEED } from '../support/travis-emulator'

const travis = useDebugVms()

/** Adds Alice, opens the build's jobs and the debug dialog of `jobNumber`. */
async function openDebugDialog(app: App, buildId: number, jobNumber: string) {
  await app.addAccount(travis.emu.url, SEED.users.alice.token)
  const { page } = app
  await page.getByLabel('Paste a Travis URL').fill(`http://${new URL(travis.emu.url).host}/github/alice/private-app/builds/${buildId}`)
  await page.getByLabel('Paste a Travis URL').press('Enter')
  await page.getByRole('table', { name: 'Jobs' }).getByRole('button', { name: `Debug job #${jobNumber}` }).click()
  return page.getByRole('dialog', { name: /^Debug job #/ })
}

test('the stepper shows the VM boot as the current step while Travis boots it, then moves on', async ({ browser }) => {
  const job = SEED.jobs.passed
  travis.emu.control.holdAt(job, ['received', 'started'])
  const app = await App.start(browser)
  try {
    const dialog = await openDebugDialog(app, SEED.builds.passed, '101.1')
    await dialog.getByRole('button', { name: 'Debug job' }).click()
    const steps = app.page.getByRole('list', { name: 'Debug progress' }).getByRole('listitem')
    const booting = steps.filter({ hasText: 'Booting the VM' })
    await travis.emu.control.waitForPhase(job, 'received')
    await expect(booting).toHaveAttribute('aria-current', 'step')
    await expect(app.page.getByRole('status', { name: 'Debug status' })).toContainText('The build machine is starting up')

    expect(travis.emu.control.release(job)).toBe(true)
    await travis.emu.control.waitForPhase(job, 'started')
    await expect(steps.filter({ hasText: 'Started' })).toHaveAttribute('aria-current', 'step')
    await expect(booting).not.toHaveAttribute('aria-current', 'step')
    await expect(booting).toContainText('✓')
  } finally {
    await app.stop()
  }
})

test('the log pane says when following pauses (scrolled up) and when it stops (the job finished)', async ({ browser }) => {
  const job = SEED.jobs.matrixLinux
  // The job prints no SSH line and finishes: the run view stays, with its log.
  travis.emu.control.scriptDebug(job, { variant: 'no-ssh' })
  travis.emu.control.holdAt(job, ['started'])
  const app = await App.start(browser)
  try {
    const { page } = app
    const dialog = await openDebugDialog(app, SEED.builds.matrix, '104.1')
    await dialog.getByRole('button', { name: 'Debug job' }).click()
    await travis.emu.control.waitForPhase(job, 'started')
    travis.emu.control.appendLog(job, Array.from({ length: 300 }, (_, i) => `compiling unit ${i + 1}\r\n`).join(''))
    const log = page.getByRole('log', { name: /^Log of job/ })
    await expect(log).toContainText('compiling unit 300')
    const following = page.getByRole('status', { name: 'Log following' })
    await expect(following).toHaveText('')

    await log.hover()
    await page.mouse.wheel(0, -3_000)
    await expect(following).toContainText('Following paused: you scrolled up.')
    await expect(page.getByRole('checkbox', { name: 'Follow' })).not.toBeChecked()
    await following.getByRole('button', { name: 'Jump to the end' }).click()
    await expect(following).toHaveText('')
    await expect(page.getByRole('checkbox', { name: 'Follow' })).toBeChecked()
    await expect(log).toContainText('compiling unit 300')

    expect(travis.emu.control.release(job)).toBe(true)
    await travis.emu.control.waitForPhase(job, 'finished')
    await expect(following).toHaveText('Log following stopped: the job finished.', { timeout: 15_000 })
    await expect(following.getByRole('button')).toHaveCount(0)
  } finally {
    await app.stop()
  }
})

test('"Cancel, then debug": the dialog says the job will end errored, and so does the run', async ({ browser }) => {
  const job = SEED.jobs.running
  travis.emu.control.holdAt(job, ['queued'])
  const app = await App.start(browser)
  try {
    const { page } = app
    const dialog = await openDebugDialog(app, SEED.builds.running, '106.1')
    const button = dialog.getByRole('button', { name: 'Cancel, then debug' })
    // The preflight says it, once, and the button is described by it.
    await expect(button).toHaveAccessibleDescription(/"Cancel, then debug" ends errored after the session/)
    await button.click()
    await expect(page.getByRole('list', { name: 'Debug progress' })).toBeVisible()
    await expect(page.getByText('This job was cancelled first, so it will end as errored when the debug session ends.')).toBeVisible()
    expect(travis.emu.control.requests({ method: 'POST', path: `/job/${job}/cancel` })).toHaveLength(1)
  } finally {
    await app.stop()
  }
})

test('a plain debug run says nothing of a cancel, and echo mode warns of the idle timeout before anything is sent', async ({ browser }) => {
  const job = SEED.jobs.errored
  travis.emu.control.holdAt(job, ['queued'])
  const app = await App.start(browser)
  try {
    const { page } = app
    const dialog = await openDebugDialog(app, SEED.builds.errored, '102.1')
    await expect(dialog.getByText('ends errored after the session')).toHaveCount(0)
    await dialog.getByLabel('Quiet mode').uncheck()
    await expect(dialog.getByRole('alert')).toContainText('ends a job whose log gets no output for 10 minutes: in echo mode only the session writes to the log')
    await dialog.getByRole('button', { name: 'Debug job' }).click()
    await travis.emu.control.waitForPhase(job, 'queued')
    await expect(page.getByRole('list', { name: 'Debug progress' }).getByRole('listitem').filter({ hasText: 'Queued' })).toHaveAttribute(
      'aria-current',
      'step',
    )
    await expect(page.getByText('This job was cancelled first')).toHaveCount(0)
  } finally {
    await app.stop()
  }
})

test('echo mode: a session whose screen stays still says how long before Travis ends the job and offers a keep-alive; output takes the note away', async ({ browser }) => {
  test.setTimeout(150_000)
  // The page's clock, so that three idle minutes pass at once; the host and Shipmate's core keep real time.
  const app = await App.start(browser, { beforeLoad: (page) => page.clock.install() })
  try {
    const { page } = app
    const dialog = await openDebugDialog(app, SEED.builds.errored, '102.1')
    await dialog.getByLabel('Quiet mode').uncheck()
    await dialog.getByRole('button', { name: 'Debug job' }).click()
    await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
    const terminal = new TerminalPage(page)
    await terminal.waitForGuardedPrompt()
    const idle = page.getByRole('status', { name: 'Idle echo-mode session' })
    await expect(idle).toHaveCount(0)

    // Three idle minutes at a time: a late redraw of the screen (the guard's line erasing itself on a
    // loaded machine) starts the count again, and the next three minutes show the note all the same.
    await expect(async () => {
      await page.clock.fastForward('03:00')
      await expect(idle).toContainText(/^No output for [3-9] min — Travis ends an idle echo-mode job after 10 min \(\d min left\)\./, { timeout: 2_000 })
    }).toPass({ timeout: 30_000 })

    await terminal.type('echo still-here\n')
    await terminal.waitForText(/^still-here$/m)
    await expect(idle).toHaveCount(0)

    // Idle again: the keep-alive is typed at the prompt, erases itself, and the note says it runs.
    // The click is retried with the note: a late redraw of the screen takes the note away again.
    await expect(async () => {
      await page.clock.fastForward('03:00')
      await idle.getByRole('button', { name: 'Keep the job alive' }).click({ timeout: 2_000 })
    }).toPass({ timeout: 45_000 })
    await expect(page.getByRole('status', { name: 'Keep-alive' })).toContainText('Keep-alive on', { timeout: 15_000 })
    await expect(idle).toHaveCount(0)
    await expect.poll(() => terminal.text(), { timeout: 15_000 }).not.toContain('sh -c')
    expect(await terminal.text()).toMatch(/^still-here$/m)
  } finally {
    await app.stop()
  }
})
