import { spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { removeDir, tempDir } from '../support/core-harness'
import { waitFor } from '../support/poll'

const HARNESS = resolve(__dirname, '..', '..', 'scripts', 'with-keychain.sh')

/**
 * scripts/with-keychain.sh makes a temporary HOME holding a keyring with a fixed password, the
 * demo's accounts and a timeline: it must be gone after every way the harness can end.
 */
describe('the keychain harness', () => {
  let tmp: string

  beforeEach(async () => {
    tmp = await tempDir('shipmate-harness-')
  })
  afterEach(async () => {
    await removeDir(tmp)
  })

  /** Processes still running with the harness's HOME in their environment (the keyring daemon forks away). */
  async function leftOver(home: string): Promise<number[]> {
    const found: number[] = []
    for (const name of await readdir('/proc')) {
      if (!/^\d+$/.test(name)) continue
      const environ = await readFile(`/proc/${name}/environ`, 'utf8').catch(() => '')
      if (environ.split('\0').includes(`SHIPMATE_TEST_HOME=${home}`)) found.push(Number(name))
    }
    return found
  }

  /** Runs the harness as a fresh top-level command would (not nested in the suite's own harness). */
  function run(command: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp }
    delete env.SHIPMATE_KEYCHAIN_HARNESS
    const child = spawn('bash', [HARNESS, 'bash', '-c', command], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += String(chunk)))
    child.stderr.on('data', (chunk) => (output += String(chunk)))
    const exited = new Promise<number | null>((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 128 : null))))
    return { child, exited, output: () => output }
  }

  it('removes its temporary HOME when the command ends, whatever its exit code', async () => {
    for (const status of [0, 3]) {
      const { exited, output } = run(`test -d "$HOME" && echo "home=$HOME"; exit ${status}`)
      expect(await exited).toBe(status)
      const home = /home=(\S+)/.exec(output())?.[1] ?? ''
      expect(home).toContain('shipmate-keychain.')
      expect(await readdir(tmp)).toEqual([])
      expect(await leftOver(home)).toEqual([])
    }
  })

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`removes its temporary HOME and stops what ran in it when it is stopped with ${signal}`, async () => {
      const { child, exited, output } = run('echo "ready $HOME"; exec sleep 60')
      const home = await waitFor(() => /ready (\S+)/.exec(output())?.[1], 'the command to start', { describe: output })
      expect(await readdir(tmp)).toHaveLength(1)
      expect(await leftOver(home)).not.toEqual([])
      // Ctrl-C reaches the whole foreground group; SIGTERM and SIGHUP usually only the harness itself.
      process.kill(signal === 'SIGINT' ? -(child.pid ?? 0) : (child.pid ?? 0), signal)
      expect(await exited).not.toBe(0)
      expect(await readdir(tmp)).toEqual([])
      expect(await leftOver(home)).toEqual([])
    })
  }

  it('gives the command an unlocked keyring of its own, gone with it', async () => {
    const { exited, output } = run('printf s3cret | secret-tool store --label=t service harness-test && secret-tool lookup service harness-test && echo')
    expect(await exited).toBe(0)
    expect(output()).toContain('s3cret')
    expect(await readdir(tmp)).toEqual([])
  })

  it('starts the keyring again, unlocked, with the same secrets, when its daemon dies while the command runs', async () => {
    // gnome-keyring-daemon 42 can abort when a client leaves in the middle of a request; SIGKILL
    // stands in for that. Only this harness's daemon is killed: it carries the harness's HOME.
    const { exited, output } = run(
      [
        'printf s3cret | secret-tool store --label=t service harness-test',
        'for pid in $(pgrep -x gnome-keyring-d); do grep -qz "^SHIPMATE_TEST_HOME=$HOME$" /proc/$pid/environ && kill -KILL $pid && echo killed; done',
        'printf "after: %s\\n" "$(secret-tool lookup service harness-test)"',
      ].join('; '),
    )
    expect(await exited).toBe(0)
    expect(output()).toContain('killed')
    expect(output()).toContain('after: s3cret')
    expect(await readdir(tmp)).toEqual([])
  })
})
