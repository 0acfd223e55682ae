import { spawn, type IPty } from 'node-pty'
import { dropPtyReadErrors } from './pty-errors'
import { Screen } from './screen'

/** OpenSSH options for a throwaway client: no user config, no known_hosts, no agent or keys. */
export const OPENSSH_TEST_OPTIONS = [
  '-F', '/dev/null',
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'IdentityAgent=none',
  '-o', 'PubkeyAuthentication=no',
  '-o', 'BatchMode=yes',
]

/**
 * OpenSSH's `ssh -tt` in a pty, read through a headless terminal: the second client of the
 * tests, as an intruder would connect.
 */
export class OpenSshViewer {
  readonly screen: Screen
  readonly exited: Promise<number>
  private readonly pty: IPty

  constructor(port: number, token: string, cols = 80, rows = 24) {
    this.screen = new Screen(cols, rows)
    this.pty = spawn('ssh', ['-tt', ...OPENSSH_TEST_OPTIONS, '-p', String(port), `${token}@127.0.0.1`], {
      name: 'xterm-256color',
      cols,
      rows,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
    })
    dropPtyReadErrors(this.pty)
    this.pty.onData((data) => this.screen.write(data))
    this.exited = new Promise((resolve) => this.pty.onExit(({ exitCode }) => resolve(exitCode)))
  }

  send(keys: string): void {
    this.pty.write(keys)
  }

  close(): void {
    this.pty.kill('SIGTERM')
  }
}
