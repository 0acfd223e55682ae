// `npm run demo`: Shipmate offline, end to end. Starts the Travis emulator and the tmate simulator,
// adds a demo account (its token goes to the OS keychain like any other) and serves Shipmate in
// browser mode, so a newcomer can walk from the repository list to a live debug session.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createOsKeychain } from '../electron/core/accounts/keychain'
import { startTmateSim } from '../tests/support/tmate-sim'
import { SEED, startTravisEmulator } from '../tests/support/travis-emulator'
import { demoDir, demoStateFile } from './demo-dir'

const root = resolve(__dirname, '..')
const EMULATOR_PORT = Number(process.env.SHIPMATE_DEMO_API_PORT ?? 4791)
const dataDir = demoDir()
const DEMO_STATE = demoStateFile(dataDir)
const privateKeychain = process.env.SHIPMATE_KEYCHAIN_HARNESS === '1'

/**
 * A debug restart that reaches its SSH line in about 16 s, in Travis's proportions: the VM boot
 * (`received`) is the longest wait (tens of seconds on Travis), the queue comes next, and the hub's
 * steps and the log's lines are quick. Shipmate reads a waiting job every 4 s (live: 4 s, 8 s, 12 s
 * after the request; polling: 1 s, then every 4 s): the queue (1.8 to 4.8 s) and the boot (4.8 to
 * 12.8 s) each span a read either way, so the stepper shows both as current, the boot for seconds.
 */
const DEMO_TIMELINE = { stepMs: 900, phaseMs: { queued: 3_000, received: 8_000, started: 400 }, dotEveryMs: 60_000 }

async function main(): Promise<void> {
  if ((await createOsKeychain().status()).state !== 'available' && process.env.SHIPMATE_KEYCHAIN_HARNESS !== '1') {
    console.log('No unlocked OS keychain here: running the demo with a private, throwaway one.')
    const again = spawnSync('bash', [join(root, 'scripts', 'with-keychain.sh'), process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)], {
      stdio: 'inherit',
      // The harness moves HOME; the demo's folder stays where demo:intruder and the CLI look for it.
      env: { ...process.env, SHIPMATE_DEMO_DIR: dataDir },
    })
    process.exit(again.status ?? 1)
  }
  mkdirSync(dataDir, { recursive: true })
  const sim = await startTmateSim({ port: 0 })
  const emu = await startTravisEmulator({ port: EMULATOR_PORT, rateLimit: { enabled: false }, timeline: DEMO_TIMELINE })
  const vms = new Map<number, { end(): Promise<void> }>()
  emu.control.setDefaultDebugScript({
    onVmGone: (jobId) => void vms.get(jobId)?.end(),
    ssh: async (jobId) => {
      const session = await sim.createSession()
      vms.set(jobId, session)
      writeFileSync(DEMO_STATE, `${JSON.stringify({ port: sim.port, token: session.token }, null, 2)}\n`, { mode: 0o600 })
      return { host: '127.0.0.1', port: sim.port, token: session.token }
    },
  })

  const cli = join(root, 'out', 'main', 'cli.js')
  // Not spawnSync: the emulator answering the command runs in this very process.
  const add = spawn(process.execPath, [cli, 'accounts', 'add', '--endpoint', emu.url, '--data-dir', dataDir], { stdio: ['pipe', 'ignore', 'pipe'] })
  let addErrors = ''
  add.stderr.setEncoding('utf8').on('data', (text: string) => (addErrors += text))
  add.stdin.end(`${SEED.users.alice.token}\n`)
  const added = await new Promise<number | null>((resolve) => add.once('exit', resolve))
  if (added !== 0) throw new Error(`could not add the demo account: ${addErrors}`)

  const web = spawn(process.execPath, [cli, '--web', '--data-dir', dataDir, ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] })
  web.stdout.setEncoding('utf8').on('data', (text: string) => {
    process.stdout.write(text)
    if (text.startsWith('Shipmate: ')) {
      console.log(`
${readyText(emu.url, sim.port, sim.hostKeyFingerprint)}`)
    }
  })
  const stop = async () => {
    web.kill('SIGTERM')
    await emu.close()
    await sim.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  web.once('exit', () => void stop())
}

/** What a newcomer needs next: where to click, the logins, the intruder, and CLI lines that work here. */
function readyText(apiUrl: string, simPort: number, fingerprint: string): string {
  const { alice, bob } = SEED.users
  // The CLI reaches the same keychain through the same D-Bus session bus, and the demo's data directory.
  const env = [
    `SHIPMATE_DATA_DIR=${shellQuote(dataDir)}`,
    ...(privateKeychain ? [`DBUS_SESSION_BUS_ADDRESS=${shellQuote(process.env.DBUS_SESSION_BUS_ADDRESS ?? '')}`] : []),
  ].join(' ')
  const cli = `${env} node ${shellQuote(join('out', 'main', 'cli.js'))}`
  return `
Demo ready (Travis emulator ${apiUrl}, tmate simulator 127.0.0.1:${simPort}, host key ${fingerprint}).
In Shipmate: pick @alice -> alice/private-app -> a build -> a job -> "Debug…" -> "Debug job".
Trust the simulator's host key when asked. To see an intruder alert, run in another terminal:
  npm run demo:intruder

Demo logins (test data of the emulator; Shipmate keeps tokens in ${privateKeychain ? "the demo's private, throwaway keychain" : 'your OS keychain'}):
  @alice (added for you)   API URL ${apiUrl}   token ${alice.token}
  @bob   (read-only on alice/private-app; try "Add account")   token ${bob.token}

The command line against this demo, from this folder while the demo runs:
  ${cli} accounts list
  ${cli} jobs ${apiUrl}/alice/private-app/builds/${SEED.builds.matrix}
Stop with Ctrl-C.`
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
