import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { utils } from 'ssh2'
import { maskToken } from '../../electron/core/sessions/mask'
import { App } from '../support/app'
import { emulator } from '../support/emulator-process'
import { SecretSweep } from '../support/secret-sweep'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'
import { SEED, type TravisEmulator } from '../support/travis-emulator'

const PASSPHRASE = `stow the anchor ${randomBytes(6).toString('hex')}`
const WRONG_PASSPHRASE = `wrong anchor ${randomBytes(6).toString('hex')}`
const WRONG_TOKEN = `wr0ngT0ken${randomBytes(8).toString('hex')}`
/** The user's key, locked with PASSPHRASE; the session takes it and the intruder's. */
const userKey = utils.generateKeyPairSync('ed25519', { passphrase: PASSPHRASE, cipher: 'aes256-ctr', rounds: 4 })
const intruderKey = utils.generateKeyPairSync('ed25519')

let emu: TravisEmulator
let sim: TmateSim
let vm: TmateSimSession | undefined
let home: string

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
  emu = await emulator({ timeline: { stepMs: 150, dotEveryMs: 60_000 } })
  emu.control.setDefaultDebugScript({
    ssh: async () => {
      vm = await sim.createSession({ authorizedKeys: [userKey.public, intruderKey.public] })
      return { host: '127.0.0.1', port: sim.port, token: vm.token }
    },
    onVmGone: () => void vm?.end(),
  })
  home = await mkdtemp(join(tmpdir(), 'shipmate-secrets-home-'))
  await mkdir(join(home, '.ssh'), { mode: 0o700 })
  await writeFile(join(home, '.ssh', 'id_ed25519'), userKey.private, { mode: 0o600 })
})
test.afterAll(async () => {
  await emu.close()
  await sim.close()
  await rm(home, { recursive: true, force: true })
})

test('no secret shows anywhere it must not, at any step from adding an account to the job log', async ({ browser }) => {
  test.setTimeout(120_000)
  const sweep = new SecretSweep()
  sweep.add({ name: 'the wrong Travis token', value: WRONG_TOKEN, kind: 'travis-token' })
  sweep.add({ name: 'the Travis token', value: SEED.users.alice.token, kind: 'travis-token' })
  sweep.add({ name: 'the key passphrase', value: PASSPHRASE, kind: 'passphrase' })
  sweep.add({ name: 'the wrong key passphrase', value: WRONG_PASSPHRASE, kind: 'passphrase' })
  for (const [index, line] of userKey.private.split('\n').entries()) {
    if (/^[A-Za-z0-9+/=]{20,}$/.test(line)) sweep.add({ name: `line ${index + 1} of the private key`, value: line, kind: 'key' })
  }
  // Shipmate uses only this home's key: no agent, no other keys.
  const app = await App.start(browser, { env: { HOME: home, SSH_AUTH_SOCK: '' }, beforeLoad: (page) => sweep.watch(page) })
  const { page } = app
  let intruder: Ssh2Viewer | undefined
  try {
    await sweep.check('the app started', app)

    await page.getByRole('button', { name: /Add a Travis account|\+ Add account/ }).first().click()
    await page.getByLabel('API endpoint').fill(emu.url)
    await page.getByLabel('API token').fill(WRONG_TOKEN)
    await page.getByRole('button', { name: 'Save account' }).click()
    await expect(page.getByRole('alert')).toContainText('did not accept this token')
    await sweep.check('a wrong token refused', app, { typing: 'API token' })

    await page.getByLabel('API token').fill(SEED.users.alice.token)
    await page.getByRole('button', { name: 'Save account' }).click()
    await app.waitForRepositories()
    await sweep.check('the account added', app)

    const travisHost = new URL(emu.url).host
    const jobsUrl = `http://${travisHost}/github/alice/private-app/builds/${SEED.builds.errored}`
    await page.getByLabel('Paste a Travis URL').fill(jobsUrl)
    await page.getByLabel('Paste a Travis URL').press('Enter')
    await expect(page.getByRole('table', { name: 'Jobs' })).toBeVisible()
    await sweep.check('browsing to the jobs', app)

    await page.getByRole('button', { name: /^Debug job #/ }).first().click()
    await page.getByRole('dialog', { name: /^Debug job #/ }).getByRole('button', { name: 'Debug job' }).click()
    await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 30_000 })
    await page.getByLabel('Key passphrase').fill(WRONG_PASSPHRASE)
    await page.getByRole('button', { name: 'Unlock' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'That passphrase was wrong.' })).toBeVisible()
    await page.getByLabel('Key passphrase').fill(PASSPHRASE)
    await page.getByRole('button', { name: 'Unlock' }).click()
    await new TerminalPage(page).waitForGuardedPrompt()
    if (!vm) throw new Error('the debug run made no session on the simulator')
    sweep.add({ name: 'the tmate session token', value: vm.token, kind: 'tmate-token' })
    sweep.add({ name: "the tmate session's read-only token", value: vm.roToken, kind: 'tmate-token' })
    const logPane = page.getByRole('complementary', { name: 'Job log' })
    await expect(logPane.getByRole('log')).toContainText('Use the following SSH command')
    await sweep.check('connected to the debug session, job log beside it', app)
    await expect(logPane.getByRole('log')).toContainText(`ssh -p${sim.port} ${maskToken(vm.token)}@127.0.0.1`)

    // The whole command, only on the user's click: to the clipboard, or shown until hidden.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin })
    await logPane.getByRole('button', { name: 'Copy SSH command' }).click()
    await expect(logPane.getByRole('status', { name: 'SSH command copied' })).toContainText('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(vm.sshCommand)
    await logPane.getByRole('button', { name: 'Show SSH command' }).click()
    await expect(logPane.getByLabel('Full SSH command')).toHaveText(vm.sshCommand)
    await logPane.getByRole('button', { name: 'Hide SSH command' }).click()
    await expect(logPane.getByLabel('Full SSH command')).toHaveCount(0)
    await sweep.check('the SSH command copied, shown and hidden again', app)

    intruder = await Ssh2Viewer.connect({ port: sim.port, token: vm.token, privateKey: intruderKey.private })
    const banner = page.getByRole('alert').filter({ hasText: 'joined' })
    await expect(banner).toContainText('2 connected', { timeout: 15_000 })
    await sweep.check('an intruder joined', app)

    await banner.getByRole('button', { name: 'Cancel job now' }).click()
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Ended', { timeout: 20_000 })
    await sweep.check('the job cancelled, the session ended', app)

    await page.getByRole('button', { name: 'Close session' }).click()
    await page.getByLabel('Paste a Travis URL').fill(jobsUrl)
    await page.getByLabel('Paste a Travis URL').press('Enter')
    // The jobs table may still be replaced by a fresher reading of the job just cancelled: a click on
    // the button it replaced goes nowhere, so the click is repeated until the log opens.
    await expect(async () => {
      await page.getByRole('button', { name: /^Open log of job #/ }).first().click()
      await expect(page.getByLabel('Job log')).toBeVisible({ timeout: 2_000 })
    }).toPass({ timeout: 20_000 })
    await expect(page.getByLabel('Job log')).toContainText(`ssh -p${sim.port} ${maskToken(vm.token)}@127.0.0.1`)
    await sweep.check('the job log opened from the jobs table', app)
  } finally {
    intruder?.close()
    await app.stop()
  }
})
