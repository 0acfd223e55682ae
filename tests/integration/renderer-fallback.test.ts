import { afterEach, describe, expect, it } from 'vitest'
import type { Logger } from '../../electron/core/log'
import { removeDir, startCore, tempDir } from '../support/core-harness'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe("the terminal's renderer in the app's log", () => {
  it('says once per app run why the terminal draws with the DOM renderer, however many pages report it', async () => {
    const lines: string[] = []
    const log: Logger = { info: (message) => lines.push(message), warn: (message) => lines.push(message), error: (message) => lines.push(message) }
    const dataDir = await tempDir('shipmate-renderer-')
    const core = await startCore(dataDir, { log })
    cleanups.push(() => removeDir(dataDir), () => core.dispose())

    // Each page load and each session's terminal reports; a context lost later is news of its own.
    for (let page = 0; page < 3; page++) await core.handle('app.rendererFallback', { reason: 'software_webgl' })
    await core.handle('app.rendererFallback', { reason: 'context_lost' })
    await core.handle('app.rendererFallback', { reason: 'context_lost' })

    const said = lines.filter((line) => line.includes("the terminal draws with xterm.js's DOM renderer"))
    expect(said).toEqual([
      expect.stringContaining('WebGL here is emulated in software'),
      expect.stringContaining('the WebGL context was lost'),
    ])
  })
})
