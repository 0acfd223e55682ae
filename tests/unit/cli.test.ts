import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import { captureIo } from '../support/cli-io'

describe('command line', () => {
  it('unknown flags print usage and exit 2', async () => {
    const io = captureIo()
    expect(await runCli(['--web', '--bogus'], io, '1.0.0')).toBe(2)
    expect(io.stderr).toContain('shipmate: unknown option --bogus')
    expect(io.stderr).toContain('Usage:')
  })

  it('a bad port is a usage error', async () => {
    const io = captureIo()
    expect(await runCli(['--web', '--port', 'http'], io, '1.0.0')).toBe(2)
    expect(io.stderr).toContain('--port must be a whole number')
  })

  it('no command prints usage and exits 2; --help and --version exit 0', async () => {
    const none = captureIo()
    expect(await runCli([], none, '1.0.0')).toBe(2)
    const help = captureIo()
    expect(await runCli(['--help'], help, '1.0.0')).toBe(0)
    expect(help.stdout).toContain('shipmate --web')
    const version = captureIo()
    expect(await runCli(['--version'], version, '1.2.3')).toBe(0)
    expect(version.stdout).toBe('1.2.3\n')
  })

  it('an unwritable data dir says which path and why, exit 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipmate-cli-'))
    const blocker = join(dir, 'file')
    await writeFile(blocker, 'x')
    const io = captureIo()
    expect(await runCli(['--web', '--no-open', '--data-dir', blocker], io, '1.0.0')).toBe(1)
    expect(io.stderr).toBe(`shipmate: Cannot use the data directory ${blocker}: a file is in the way.\n`)
    await rm(dir, { recursive: true, force: true })
  })

  it('echoes a wrong command, option or port shortened, never whole', async () => {
    const long = 'z'.repeat(10_000)
    const shortened = `${'z'.repeat(60)}…`
    const cases: [string[], string][] = [
      [[long], `shipmate: unknown command "${shortened}"\n`],
      [['jobs', long, long], `shipmate: jobs takes one build, not "${shortened}"\n`],
      [['--web', long], `shipmate: --web takes no command ("${shortened}")\n`],
      [['--web', '--port', long], `shipmate: --port must be a whole number from 0 to 65535, not "${shortened}"\n`],
      [[`--${long}`], `shipmate: unknown option --${'z'.repeat(58)}…\n`],
    ]
    for (const [argv, problem] of cases) {
      const io = captureIo()
      expect(await runCli(argv, io, '1.0.0')).toBe(2)
      expect(io.stderr.startsWith(problem), io.stderr.slice(0, 200)).toBe(true)
      expect(io.stderr).not.toContain('z'.repeat(61))
    }
  })

  it('a command without what it needs says what that is, with its own usage, exit 2', async () => {
    const cases: [string[], string][] = [
      [['watch'], 'shipmate: watch needs the SSH command to join, in quotes'],
      [['jobs'], 'shipmate: jobs needs a build: a Travis build or job URL, OWNER/REPO#NUMBER, or a build id'],
      [['debug'], 'shipmate: debug needs a job: a Travis job URL or a job id'],
      [['watch', 'ssh', 'abc@host'], 'shipmate: watch takes one SSH command, not "ssh abc@host": put the SSH command in quotes'],
      [['accounts'], 'shipmate: accounts needs list, add or remove'],
      [['accounts', 'remove'], 'shipmate: accounts remove needs the account ID'],
      [['accounts', 'add'], 'shipmate: accounts add needs --endpoint URL'],
    ]
    for (const [argv, problem] of cases) {
      const io = captureIo()
      expect(await runCli(argv, io, '1.0.0'), argv.join(' ')).toBe(2)
      expect(io.stderr.startsWith(problem), io.stderr).toBe(true)
      expect(io.stderr).toContain(`shipmate ${argv[0]}`)
      expect(io.stderr).not.toContain('shipmate --web [--port N]')
    }
  })

  it("COMMAND --help prints that command's usage on stdout, exit 0; --help alone all of them", async () => {
    for (const command of ['watch', 'jobs', 'debug', 'accounts']) {
      const io = captureIo()
      expect(await runCli([command, '--help'], io, '1.0.0')).toBe(0)
      expect(io.stdout).toContain(`shipmate ${command} `)
      expect(io.stdout).not.toContain('shipmate --web [--port N]')
      expect(io.stdout).toContain('--verbose')
    }
    const all = captureIo()
    expect(await runCli(['--help'], all, '1.0.0')).toBe(0)
    for (const command of ['--web', 'accounts', 'jobs', 'debug', 'watch']) expect(all.stdout).toContain(`shipmate ${command}`)
  })
})

