import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

let sim: TmateSim
test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
})
test.afterAll(() => sim.close())

test('after known_hosts.json was damaged beyond repair, the host-key question says the trust store was lost', async ({ browser }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-e2e-lost-hosts-'))
  await writeFile(join(dataDir, 'known_hosts.json'), '{"version": 1, "hosts": {"127.0.0.1:2')
  const session = await sim.createSession()
  const app = await App.start(browser, { dataDir })
  try {
    await app.page.getByLabel('Paste an SSH command').fill(session.sshCommand)
    await app.page.getByRole('button', { name: 'Connect' }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Trust 127.0.0.1?' })
    await expect(dialog.getByRole('alert')).toHaveText(
      "Shipmate's list of trusted hosts was damaged and could not be restored, so it cannot tell whether this key changed. " +
        'Compare the fingerprint with one you trust before you go on.',
    )
    await expect(dialog).toContainText(`Shipmate has no record of 127.0.0.1:${sim.port}.`)
    await expect(dialog).toContainText(sim.hostKeyFingerprint)
    await dialog.getByRole('button', { name: 'Trust this host' }).click()
    await expect(app.page.getByRole('dialog')).toHaveCount(0)
  } finally {
    await app.stop()
    await session.end()
    await rm(dataDir, { recursive: true, force: true })
  }
})
