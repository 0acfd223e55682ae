/**
 * The BUILT main bundle run as the installed `shipmate` command, under plain Node with a stand-in
 * `electron` module (NOT Electron; see main-bundle-stand-in-not-electron.test.ts): a CLI command
 * line runs the CLI and exits with its code, and never takes the app's lock or opens a window.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { version } from '../../package.json'
import { createElectronStandIn, requireWithStandIn } from '../support/electron-stand-in'
import { waitFor } from '../support/poll'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bundle = join(root, 'out', 'main', 'index.js')
let dataDir: string | undefined

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

it('`shipmate --version` from the installed binary prints the version and exits 0, without a window or the app\'s lock', async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx electron-vite build\` first (npm test builds before the unit tests).`)
  dataDir = await mkdtemp(join(tmpdir(), 'shipmate-cli-stand-in-'))
  const standIn = createElectronStandIn({ userData: dataDir })
  const printed: string[] = []
  const { argv } = process
  const writeStdout = process.stdout.write.bind(process.stdout)
  process.argv = ['/usr/bin/shipmate', '--version']
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  try {
    for (const key of Object.keys(require.cache)) if (key.startsWith(join(root, 'out', 'main'))) delete require.cache[key]
    requireWithStandIn(bundle, standIn)
    const exit = await waitFor(() => standIn.calls.find((call) => call.api === 'app.exit'), 'the CLI to exit', { timeoutMs: 45_000 })
    expect(exit.args).toEqual([0])
  } finally {
    process.argv = argv
    process.stdout.write = writeStdout
  }
  expect(printed.join('')).toBe(`${version}\n`)
  const apis = standIn.calls.map((call) => call.api)
  expect(apis).not.toContain('app.requestSingleInstanceLock')
  expect(apis).not.toContain('new BrowserWindow')
  expect(apis).not.toContain('app.setAsDefaultProtocolClient')
}, 60_000)
