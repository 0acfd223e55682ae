import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

test('a changed host key shows both fingerprints whole, with one way out', async ({ browser }) => {
  const session = await sim.createSession()
  const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-e2e-hostkey-'))
  const before = sim.hostKeyFingerprint
  try {
    const trusting = await App.start(browser, { dataDir })
    try {
      await trusting.pasteSshCommand(session.sshCommand)
      await trusting.page.getByRole('button', { name: 'Trust this host' }).click()
      await new TerminalPage(trusting.page).waitForPrompt()
    } finally {
      await trusting.stop()
    }

    const after = sim.rotateHostKey()
    const app = await App.start(browser, { dataDir })
    try {
      await app.pasteSshCommand(session.sshCommand)
      const dialog = app.page.getByRole('dialog', { name: 'The host key has changed' })
      await expect(dialog).toBeVisible()
      const text = await dialog.innerText()
      expect(text).toContain(before)
      expect(text).toContain(after)
      // Whole on screen: each fingerprint fits its box, nothing scrolled or clipped away.
      const boxes = dialog.locator('code.fingerprint')
      await expect(boxes).toHaveCount(2)
      expect(await boxes.allInnerTexts()).toEqual([before, after])
      for (const box of await boxes.all()) {
        expect(await box.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)
        const inside = await box.evaluate((element) => {
          const own = element.getBoundingClientRect()
          const frame = element.closest('dialog')!.getBoundingClientRect()
          return own.left >= frame.left && own.right <= frame.right
        })
        expect(inside).toBe(true)
      }
      expect(await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true)

      await expect(dialog.getByRole('button')).toHaveCount(1)
      await dialog.getByRole('button').click()
      await expect(dialog).toHaveCount(0)
      await expect(app.page.getByRole('status', { name: 'Session status' })).toContainText('Failed')
    } finally {
      await app.stop()
    }
  } finally {
    if (sim.hostKeyFingerprint !== before) sim.rotateHostKey()
    await session.end().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
})
