import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const root = resolve(__dirname, '..', '..')

test('a shipmate:// link on the command line, and one handed over by a second launch, open the SSH paste flow without connecting', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-electron-links-'))
  // --no-sandbox only because CI runs as root; the app itself always asks for a sandboxed renderer.
  const app = await electron.launch({
    executablePath: process.env.SHIPMATE_ELECTRON_BINARY,
    args: [root, '--no-sandbox', '--data-dir', dataDir, 'shipmate://ssh/abcdefgh@127.0.0.1:2222'],
    cwd: root,
  })
  try {
    const page = await app.firstWindow()
    const dialog = page.getByRole('dialog', { name: 'New session from SSH command' })
    await expect(dialog.getByLabel('SSH command')).toHaveValue('ssh -p2222 abcdefgh@127.0.0.1')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.evaluate(() => window.shipmate?.request('sessions.list', {}))).toEqual([])

    // What the OS does when a link is clicked while Shipmate runs: a second launch passes its argv over.
    await app.evaluate(({ app: electronApp }) => {
      electronApp.emit('second-instance', {}, ['/usr/bin/shipmate', '--some-switch', 'shipmate://ssh/ijklmnop@127.0.0.1'], '/')
    })
    await expect(dialog.getByLabel('SSH command')).toHaveValue('ssh ijklmnop@127.0.0.1')
  } finally {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
  }
})
