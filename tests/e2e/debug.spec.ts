import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { emulator } from '../support/emulator-process'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

let emu: TravisEmulator
let sim: TmateSim

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
  emu = await emulator({ timeline: { stepMs: 150, dotEveryMs: 60_000 } })
  const vms = new Map<number, { end(): Promise<void> }>()
  emu.control.setDefaultDebugScript({
    ssh: async (jobId) => {
      const vm = await sim.createSession()
      vms.set(jobId, vm)
      return { host: '127.0.0.1', port: sim.port, token: vm.token }
    },
    onVmGone: (jobId) => void vms.get(jobId)?.end(),
  })
})
test.afterAll(async () => {
  await emu.close()
  await sim.close()
})

async function openJobPicker(app: App, buildId: number): Promise<void> {
  const host = new URL(emu.url).host
  await app.page.getByLabel('Paste a Travis URL').fill(`http://${host}/github/alice/private-app/builds/${buildId}`)
  await app.page.getByLabel('Paste a Travis URL').press('Enter')
  await expect(app.page.getByRole('table', { name: 'Jobs' })).toBeVisible()
}

test('Debug job: stepper, SSH line found, the terminal opens', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    await openJobPicker(app, SEED.builds.errored)
    await app.page.getByRole('button', { name: /^Debug job #/ }).first().click()
    const dialog = app.page.getByRole('dialog', { name: /^Debug job #/ })
    await expect(dialog.getByRole('status', { name: 'Debug availability' })).toContainText('can be restarted in debug mode')
    await expect(dialog.getByLabel('Quiet mode')).toBeChecked()
    await dialog.getByRole('button', { name: 'Debug job' }).click()

    await expect(app.page.getByRole('list', { name: 'Debug progress' })).toBeVisible()
    await expect(app.page.getByRole('button', { name: 'Trust this host' })).toBeVisible({ timeout: 30_000 })
    await app.page.getByRole('button', { name: 'Trust this host' }).click()
    await new TerminalPage(app.page).waitForPrompt()
    const [debugPost] = emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.errored}/debug` })
    expect(JSON.parse(debugPost?.body ?? '{}')).toEqual({ quiet: true })
    await expect(app.page.getByRole('log', { name: /^Log of job/ })).toContainText('Use the following SSH command')
  } finally {
    await app.stop()
  }
})

test('a public repository: the explanation before anything is sent', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    const host = new URL(emu.url).host
    await app.page.getByLabel('Paste a Travis URL').fill(`http://${host}/github/alice/public-lib/jobs/${SEED.jobs.publicLibFailed}`)
    await app.page.getByLabel('Paste a Travis URL').press('Enter')
    await app.page.getByRole('button', { name: /^Debug job #/ }).first().click()
    const dialog = app.page.getByRole('dialog', { name: /^Debug job #/ })
    await expect(dialog.getByRole('status', { name: 'Debug availability' })).toContainText('only on request to its support')
    await dialog.getByRole('button', { name: 'Debug job' }).click()
    await expect(dialog.getByRole('alert')).toContainText('repository is public')
    expect(emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.publicLibFailed}/debug` })).toHaveLength(1)
  } finally {
    await app.stop()
  }
})

test('cancel while queued', async ({ browser }) => {
  const app = await App.start(browser)
  emu.control.scriptDebug(SEED.jobs.canceled, { variant: 'stuck-queued' })
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    await openJobPicker(app, SEED.builds.canceled)
    await app.page.getByRole('button', { name: /^Debug job #/ }).first().click()
    await app.page.getByRole('dialog', { name: /^Debug job #/ }).getByRole('button', { name: 'Debug job' }).click()
    await expect(app.page.locator('.step.current')).toHaveText(/Queued/, { timeout: 15_000 })
    await app.page.getByRole('button', { name: 'Cancel job' }).click()
    const confirm = app.page.getByRole('dialog', { name: /^Cancel job/ })
    // The two answers say what each does: "Cancel" next to "Cancel job" made people hesitate.
    await expect(confirm.getByRole('button', { name: 'Keep the job running' })).toBeVisible()
    await confirm.getByRole('button', { name: 'Cancel the job' }).click()
    const status = app.page.getByRole('status', { name: 'Debug status' })
    await expect(status).toContainText('You cancelled the job', { timeout: 15_000 })
    await expect(status).not.toContainText('without printing')
    expect(emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.canceled}/cancel` })).toHaveLength(1)
  } finally {
    await app.stop()
  }
})

test('a Windows job: the table says debug is not available and why, and the dialog refuses without sending anything', async ({ browser }) => {
  const app = await App.start(browser)
  try {
    await app.addAccount(emu.url, SEED.users.alice.token)
    await openJobPicker(app, SEED.builds.matrix)
    const windows = app.page.getByRole('row').filter({ hasText: 'windows' })
    await expect(windows).toContainText('debug not available')
    await expect(windows).toContainText('Travis does not support debug mode on Windows')
    await expect(app.page.getByRole('row').filter({ hasText: 'linux' }).first()).toContainText('debug available')
    await windows.getByRole('button', { name: /^Debug job #/ }).click()
    const dialog = app.page.getByRole('dialog', { name: /^Debug job #/ })
    await expect(dialog.getByRole('status', { name: 'Debug availability' })).toContainText('Travis does not support debug mode on Windows')
    await expect(dialog.getByRole('button', { name: 'Debug job' })).toBeDisabled()
    expect(emu.control.requests({ method: 'POST', path: `/job/${SEED.jobs.matrixWindows}/` })).toEqual([])
  } finally {
    await app.stop()
  }
})
