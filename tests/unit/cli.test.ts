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
})
