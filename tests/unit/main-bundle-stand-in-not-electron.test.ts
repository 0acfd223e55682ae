/**
 * The BUILT main bundle (out/main/index.js) loaded under plain Node with a stand-in `electron`
 * module. This is NOT Electron: it checks the wiring the bundle asks for (lock, window options,
 * protocol, window policy, IPC handlers and their sender check, links), on machines where the
 * Electron binary cannot be downloaded. What only real Electron can show is in docs/desktop.md.
 */
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestMethods } from '@shared/api'
import { EVENT_CHANNEL, channelFor } from '@shared/ipc-channels'
import { createElectronStandIn, preventable, requireWithStandIn, type ElectronStandIn } from '../support/electron-stand-in'
import { waitFor } from '../support/poll'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bundle = join(root, 'out', 'main', 'index.js')

/** The host's own sources: a bundle older than any of them would test code that is no longer there. */
async function hostSources(): Promise<string[]> {
  const top = (await readdir(join(root, 'electron'))).filter((name) => name.endsWith('.ts')).map((name) => join(root, 'electron', name))
  const desktop = (await readdir(join(root, 'electron', 'desktop'))).map((name) => join(root, 'electron', 'desktop', name))
  return [...top, ...desktop, join(root, 'shared', 'parse', 'deep-link.ts'), join(root, 'shared', 'api.ts')]
}

let standIn: ElectronStandIn
let dataDir: string
/** The bundle's log lines (its logger writes to stderr), kept to check what it says and what it never says. */
const logged: string[] = []
const writeStderr = process.stderr.write.bind(process.stderr)
const savedEnv = { SHIPMATE_DATA_DIR: process.env.SHIPMATE_DATA_DIR, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }

beforeAll(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx electron-vite build\` first (npm test builds before the unit tests).`)
  const built = statSync(bundle).mtimeMs
  const newer = (await hostSources()).filter((file) => statSync(file).mtimeMs > built)
  if (newer.length > 0) throw new Error(`out/main is older than ${newer.join(', ')}: run \`npx electron-vite build\` again.`)
  dataDir = await mkdtemp(join(tmpdir(), 'shipmate-stand-in-'))
  process.env.SHIPMATE_DATA_DIR = dataDir
  // The keychain probe must not reach the user's real keychain from a test.
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/shipmate-stand-in'
  process.stderr.write = ((chunk: string | Uint8Array) => {
    logged.push(String(chunk))
    return true
  }) as typeof process.stderr.write
  standIn = createElectronStandIn({ userData: join(dataDir, 'unused') })
  requireWithStandIn(bundle, standIn)
  // Loading the core's packages and starting it takes seconds on a busy two-core machine.
  await waitFor(() => standIn.windows.length > 0 && standIn.ipcHandlers.size > 0, 'the main bundle to create its window', { timeoutMs: 45_000 })
}, 60_000)

afterAll(async () => {
  standIn?.app.emit('before-quit', preventable())
  process.stderr.write = writeStderr
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const window = () => {
  const first = standIn.windows[0]
  if (!first) throw new Error('no window')
  return first
}
const apis = () => standIn.calls.map((call) => call.api)
const openEvents = () => window().webContents.sent.filter(([channel, name]) => channel === EVENT_CHANNEL && name === 'app.open').map(([, , payload]) => payload)

// Generous caps for a busy two-core machine; nothing here is a timing check.
describe('the built main bundle with a stand-in electron module (not Electron)', { timeout: 60_000 }, () => {
  it('asks for the single-instance lock and registers the shipmate: protocol', () => {
    expect(apis()).toContain('app.requestSingleInstanceLock')
    const protocol = standIn.calls.find((call) => call.api === 'app.setAsDefaultProtocolClient')
    expect(protocol?.args[0]).toBe('shipmate')
    expect(standIn.app.listenerCount('second-instance')).toBe(1)
    expect(standIn.app.listenerCount('open-url')).toBe(1)
  })

  it('creates one window, sandboxed and isolated, without Node, with a preload that exists in the build', () => {
    expect(standIn.windows).toHaveLength(1)
    const prefs = window().options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true })
    const preload = String(prefs.preload)
    expect(isAbsolute(preload)).toBe(true)
    expect(preload).toBe(join(root, 'out', 'preload', 'index.js'))
    expect(existsSync(preload)).toBe(true)
    const loaded = standIn.calls.find((call) => call.api === 'BrowserWindow.loadURL')?.args[0]
    expect(loaded).toBe(`file://${join(root, 'out', 'renderer', 'index.html')}`)
  })

  it('refuses navigation, redirects and new windows, sending http(s) links to the browser only', () => {
    const contents = window().webContents
    const navigation = preventable()
    contents.emit('will-navigate', navigation, 'https://evil.example/')
    expect(navigation.defaultPrevented).toBe(true)
    const redirect = preventable()
    contents.emit('will-redirect', redirect, 'https://evil.example/')
    expect(redirect.defaultPrevented).toBe(true)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    const opened = standIn.calls.filter((call) => call.api === 'shell.openExternal').map((call) => call.args[0])
    expect(opened).toEqual(['https://evil.example/', 'https://example.com/'])
  })

  it('has an IPC handler for every request in shared/api.ts, and each refuses a sender that is not the app\'s page', async () => {
    expect([...standIn.ipcHandlers.keys()].sort()).toEqual(requestMethods.map(channelFor).sort())
    const contents = window().webContents
    const strangers = [
      { sender: { id: contents.id + 100, mainFrame: contents.mainFrame }, senderFrame: contents.mainFrame },
      { sender: contents, senderFrame: { url: contents.mainFrame.url } },
      { sender: { id: contents.id, mainFrame: { url: 'https://evil.example/' } }, senderFrame: { url: 'https://evil.example/' } },
      { sender: contents, senderFrame: null },
    ]
    for (const method of requestMethods) {
      const handler = standIn.ipcHandlers.get(channelFor(method))
      for (const event of strangers) {
        await expect(handler?.(event, {}), `${method} from a stranger`).resolves.toMatchObject({ ok: false, error: { code: 'untrusted_sender' } })
      }
    }
  })

  it('answers the app\'s own page', async () => {
    const contents = window().webContents
    const info = await standIn.ipcHandlers.get(channelFor('app.info'))?.({ sender: contents, senderFrame: contents.mainFrame }, {})
    expect(info).toMatchObject({ ok: true, result: { host: 'electron', dataDir } })
  })

  it('holds a link until the page has loaded, then hands it over; a refused link says why', async () => {
    standIn.app.emit('second-instance', preventable(), ['/opt/Shipmate/shipmate', '--some-chromium-switch', 'shipmate://job/api.travis-ci.com/42'], '/')
    const early = preventable()
    standIn.app.emit('open-url', early, 'javascript:alert(1)')
    expect(early.defaultPrevented).toBe(true)
    // The refusal is logged once the second link was parsed and handed on: by then neither may have been sent.
    await waitFor(() => logged.some((line) => line.includes('Refused a link')), 'the refused link to be logged', { timeoutMs: 30_000, describe: () => logged.join('') })
    expect(openEvents()).toEqual([])
    expect(apis()).toContain('BrowserWindow.focus')
    window().webContents.emit('did-finish-load')
    const delivered = await waitFor(() => openEvents().length === 2 && openEvents(), 'both links to reach the page', { timeoutMs: 30_000 })
    // Each link is parsed on its own, so the two may reach the page in either order.
    expect(delivered).toContainEqual({ what: 'link', result: { ok: true, link: { kind: 'job', apiHost: 'api.travis-ci.com', jobId: 42 } } })
    expect(delivered).toContainEqual({ what: 'link', result: { ok: false, message: expect.stringContaining('javascript:') } })
  })

  it('hands a macOS open-url link straight to a loaded page, with the SSH command filled in and nothing connected', async () => {
    const before = openEvents().length
    standIn.app.emit('open-url', preventable(), 'shipmate://ssh/abcdefgh@nyc1.tmate.io:2222')
    const sent = await waitFor(() => openEvents().length > before && openEvents()[before], 'the link to reach the page', { timeoutMs: 30_000 })
    expect(sent).toEqual({ what: 'link', result: { ok: true, link: { kind: 'ssh', command: 'ssh -p2222 abcdefgh@nyc1.tmate.io', host: 'nyc1.tmate.io', port: 2222 } } })
    const opened = await standIn.ipcHandlers.get(channelFor('sessions.list'))?.({ sender: window().webContents, senderFrame: window().webContents.mainFrame }, {})
    expect(opened).toEqual({ ok: true, result: [] })
    // An SSH link carries a session token: it never reaches the log.
    expect(logged.join('')).not.toContain('abcdefgh')
    expect(logged.join('')).not.toContain('javascript')
  })

  it('sets the application menu, whose File item opens the SSH paste flow in the page', () => {
    const menu = standIn.calls.find((call) => call.api === 'Menu.setApplicationMenu')?.args[0] as { template: { label?: string; submenu?: { label?: string; click?: () => void }[] }[] }
    const file = menu.template.find((item) => item.label === '&File')
    const item = file?.submenu?.find((entry) => entry.label === 'New session from SSH command…')
    const before = openEvents().length
    item?.click?.()
    expect(openEvents().slice(before)).toEqual([{ what: 'ssh-paste' }])
  })

  it("Help → README opens the README beside the app when package.json names no project address", () => {
    const menu = standIn.calls.find((call) => call.api === 'Menu.setApplicationMenu')?.args[0] as { template: { role?: string; submenu?: { label?: string; click?: () => void }[] }[] }
    const readme = menu.template.find((item) => item.role === 'help')?.submenu?.find((entry) => entry.label === 'README')
    readme?.click?.()
    const opened = standIn.calls.filter((call) => call.api === 'shell.openPath').map((call) => String(call.args[0]))
    expect(opened).toHaveLength(1)
    expect(existsSync(opened[0] ?? '')).toBe(true)
    expect(basename(opened[0] ?? '')).toBe('README.md')
  })

  it('puts a tray icon up whose menu shows Shipmate, the sessions and a Quit that asks first', () => {
    const tray = standIn.trays[0]
    const labels = (tray?.menu?.template as { label?: string }[]).map((item) => item.label)
    expect(labels).toEqual(['Show Shipmate', undefined, 'No sessions', undefined, 'Quit Shipmate'])
  })
})
