import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SEED } from '../support/travis-emulator'
import { removeDir, tempDir } from '../support/core-harness'
import { waitFor } from '../support/poll'

const root = resolve(__dirname, '..', '..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')

/**
 * The README's demo, word for word, on a machine whose own keychain is absent: `npm run demo`
 * (here its script, after the suite's build), then the CLI lines it prints and `npm run
 * demo:intruder`, each in a process of its own, as a newcomer would run them in other terminals.
 */
describe('npm run demo on a machine without a keychain', () => {
  const children: ChildProcess[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
    for (const dir of dirs.splice(0)) await removeDir(dir)
  })

  /** The user's environment with no keychain: no session bus, not inside the suite's own harness. */
  async function bareEnv(): Promise<NodeJS.ProcessEnv> {
    const home = await tempDir('shipmate-demo-home-')
    dirs.push(home)
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, SHIPMATE_DEMO_API_PORT: '0' }
    for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'SHIPMATE_KEYCHAIN_HARNESS', 'SHIPMATE_TEST_HOME', 'SHIPMATE_DEMO_DIR', 'SHIPMATE_DATA_DIR']) {
      delete env[name]
    }
    for (const name of Object.keys(env)) if (name.startsWith('XDG_')) delete env[name]
    return env
  }

  function start(command: string, args: string[], env: NodeJS.ProcessEnv) {
    const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    children.push(child)
    let output = ''
    child.stdout?.on('data', (chunk) => (output += String(chunk)))
    child.stderr?.on('data', (chunk) => (output += String(chunk)))
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    return { child, exited, output: () => output }
  }

  it('serves Shipmate, prints CLI lines that work against it, and demo:intruder joins its session', async () => {
    const env = await bareEnv()
    const demo = start(tsx, [join(root, 'scripts', 'demo.ts'), '--no-open'], env)
    await waitFor(() => demo.output().includes('Stop with Ctrl-C.'), 'the demo to be ready', { timeoutMs: 25_000, describe: demo.output })
    const text = demo.output()
    expect(text).toContain('running the demo with a private, throwaway one')
    const page = /^Shipmate: (http:\/\/127\.0\.0\.1:\d+\/)#secret=\S+$/m.exec(text)?.[1] ?? ''
    expect((await fetch(page)).status).toBe(200)
    expect(text).toContain(SEED.users.bob.token)

    // The printed lines are shell commands; run them as printed.
    const cliLines = [...text.matchAll(/^ {2}(SHIPMATE_DATA_DIR=.+ node \S+ .+)$/gm)].map((match) => match[1] ?? '')
    expect(cliLines).toHaveLength(2)
    const shell = async (line: string) => {
      const run = start('bash', ['-c', line], env)
      return { code: await run.exited, output: run.output() }
    }
    const accounts = await shell(cliLines[0] ?? '')
    expect(accounts.output).toContain('@alice')
    expect(accounts.code).toBe(0)
    const jobs = await shell(cliLines[1] ?? '')
    expect(jobs.output).toContain('#104.1')
    expect(jobs.code).toBe(0)

    // A debug run through the same CLI gives the demo a live session for the intruder to join.
    const apiUrl = /Travis emulator (http:\/\/\S+),/.exec(text)?.[1] ?? ''
    const debugLine = (cliLines[0] ?? '').replace(/ accounts list$/, ` debug ${apiUrl}/alice/private-app/jobs/${SEED.jobs.passed}`)
    const debug = await shell(debugLine)
    expect(debug.output).toMatch(/ssh -p\d+ \S+@127\.0\.0\.1/)
    expect(debug.code).toBe(0)

    const intruder = start(tsx, [join(root, 'scripts', 'demo-intruder.ts')], env)
    await waitFor(() => intruder.output().includes('\u001b['), "the intruder's ssh to show the session's screen", {
      timeoutMs: 15_000,
      describe: intruder.output,
    })
    expect(intruder.output()).toMatch(/^Joining ssh -p\d+ /)
  }, 90_000)
})
