import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOsKeychain } from '../../electron/core/accounts/keychain'
import { createCore, type Core } from '../../electron/core/create-core'
import { createLogger } from '../../electron/core/log'
import { startWebHost, type WebHost } from '../../electron/web/web-host'
import { WireClient } from '../support/ws-client'

describe('browser mode refusal log', () => {
  let dir: string
  let core: Core
  let host: WebHost
  const logLines: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipmate-web-refusals-'))
    const rendererDir = join(dir, 'renderer')
    await mkdir(rendererDir)
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Shipmate</title>')
    const log = createLogger((line) => logLines.push(line))
    core = await createCore({ dataDir: dir, version: '9.9.9', host: 'web', keychain: createOsKeychain(), log, openExternal: async () => {} })
    // The default limit: these tests finish well inside its interval.
    host = await startWebHost({ core, log, port: 0, rendererDir })
  })

  afterAll(async () => {
    await core.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('writes a bounded number of lines for 1,000 wrong secrets and says how many it held back', async () => {
    const attempts = 1_000
    const batch = 50
    for (let done = 0; done < attempts; done += batch) {
      await Promise.all(
        Array.from({ length: batch }, async () => {
          const client = await WireClient.connect(`ws://127.0.0.1:${host.port}/api`, `http://127.0.0.1:${host.port}`)
          client.send({ type: 'hello', secret: 'guess' })
          expect(await client.waitFor((c) => c.closeCode)).toBe(4401)
        }),
      )
    }
    // Closing the host writes the summary now instead of at the end of the interval.
    await host.close()
    const refusals = logLines.filter((line) => line.includes('wrong secret'))
    const summaries = logLines.filter((line) => line.includes('were not logged'))
    expect(refusals).toHaveLength(20)
    expect(summaries).toEqual([expect.stringContaining(`${attempts - 20} more refused or failed browser-mode connections were not logged`)])
    expect(logLines.length).toBeLessThanOrEqual(21)
  })
})
