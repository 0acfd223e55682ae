import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface KeyringBus {
  address: string
  stop(): Promise<void>
}

/** The address a bus in `dir` will have, so an app can be pointed at it before it exists. */
export function keyringBusAddress(dir: string): string {
  return `unix:path=${join(dir, 'bus')}`
}

/**
 * A session bus of its own with gnome-keyring's Secret Service unlocked on it, for tests where the
 * keychain appears (or disappears) while Shipmate runs.
 */
export async function startKeyringBus(dir: string, home: string): Promise<KeyringBus> {
  const address = keyringBusAddress(dir)
  const { stdout } = await run('dbus-daemon', ['--session', `--address=${address}`, '--fork', '--print-pid'])
  const pid = Number(stdout.trim())
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_DATA_HOME: join(home, '.local/share') }
  await new Promise<void>((resolve, reject) => {
    const keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] })
    keyring.on('error', reject)
    keyring.on('exit', () => resolve())
    keyring.stdin.end('shipmate-test')
  })
  return {
    address,
    stop: async () => {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        return
      }
    },
  }
}
