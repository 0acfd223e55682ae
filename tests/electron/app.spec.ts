import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const root = resolve(__dirname, '..', '..')

test('the Electron app opens one sandboxed window with the typed API only', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-electron-'))
  // --no-sandbox only because CI runs as root; the app itself always asks for a sandboxed renderer.
  const app = await electron.launch({
    executablePath: process.env.SHIPMATE_ELECTRON_BINARY,
    args: [root, '--no-sandbox', '--data-dir', dataDir],
    cwd: root,
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByRole('button', { name: 'Add a Travis account' })).toBeVisible()
    const exposed = await page.evaluate(() => ({
      keys: Object.keys(window.shipmate ?? {}).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }))
    expect(exposed).toEqual({ keys: ['host', 'on', 'request'], require: 'undefined', process: 'undefined' })
    const info = await page.evaluate(() => window.shipmate?.request('app.info', {}))
    expect(info).toMatchObject({ host: 'electron', dataDir })
    const popups = await page.evaluate(() => window.open('https://example.com') === null)
    expect(popups).toBe(true)
    expect(app.windows()).toHaveLength(1)
  } finally {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
  }
})
