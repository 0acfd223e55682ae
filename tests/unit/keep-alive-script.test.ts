import { spawn, spawnSync } from 'node:child_process'
import { chmod, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { keepAliveLine, keepAliveScript } from '../../electron/core/alerts/keep-alive-script'
import { waitFor } from '../support/poll'
import { standInBin } from '../support/stand-in-bin'

const RESET = '\x1b[0m'

describe('the typed keep-alive line', () => {
  it('is plain ASCII and valid syntax for bash and dash, and its loop for sh', () => {
    for (const shell of ['bash', 'dash']) {
      const line = keepAliveLine(shell, 14)
      expect(line).toMatch(/^[\x20-\x7e]+$/)
      expect(spawnSync(shell, ['-n', '-c', line]).status).toBe(0)
    }
    expect(spawnSync('sh', ['-n', '-c', keepAliveScript()]).status).toBe(0)
    expect(keepAliveScript()).not.toContain("'")
  })

  it('doubles every backslash for fish, which reads \\\\ inside single quotes as one', () => {
    expect(keepAliveLine('fish')).toContain('printf "\\\\033[0m"')
    expect(keepAliveLine('bash')).toContain('printf "\\033[0m"')
  })
})

describe('the keep-alive loop under sh, with a stand-in tmate', { timeout: 20_000 }, () => {
  let dir: string
  let env: NodeJS.ProcessEnv

  beforeEach(async () => {
    // Two panes, the second piped into the job log (as Travis's echo mode pipes the first); the
    // piped window's last activity is read from a file. has-session fails once the session is "gone".
    ;({ dir, env } = await standInBin(
      'shipmate-keep-alive-',
      {
        tmate: [
          '#!/bin/bash',
          'echo "$1" >> "$KEEP_DIR/calls"',
          'case "$1" in',
          '  has-session) [ ! -e "$KEEP_DIR/gone" ] ;;',
          '  list-panes) [ "$4" = "#{pane_pipe} #{pane_tty} #{window_activity}" ] || exit 1',
          '    echo "0 $KEEP_DIR/other-tty 0"',
          '    [ -e "$KEEP_DIR/piped" ] && echo "1 $KEEP_DIR/piped-tty $(cat "$KEEP_DIR/activity" 2>/dev/null)"; exit 0 ;;',
          'esac',
          '',
        ].join('\n'),
      },
      'KEEP_DIR',
    ))
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
  })

  const text = (file: string): Promise<string> => readFile(join(dir, file), 'utf8').catch(() => '')
  const looks = async (): Promise<number> => (await text('calls')).split('\n').filter((call) => call === 'list-panes').length
  const until = (check: () => Promise<boolean>, what: string) => waitFor(check, what, { intervalMs: 50, timeoutMs: 10_000, describe: () => `see ${dir}` })

  function startLoop(): ReturnType<typeof spawn> {
    return spawn('sh', ['-c', keepAliveScript(1)], { env, stdio: 'ignore' })
  }

  async function looksMore(n: number): Promise<void> {
    const from = await looks()
    await until(async () => (await looks()) >= from + n, `${n} more looks`)
  }

  it("writes an SGR reset to the piped pane's terminal while its window is quiet, and nothing to any other pane", async () => {
    await writeFile(join(dir, 'piped'), '')
    await writeFile(join(dir, 'activity'), '1000')
    const loop = startLoop()
    try {
      await until(async () => (await text('piped-tty')) === RESET.repeat(2), 'two resets')
      expect(await text('other-tty')).toBe('')
    } finally {
      loop.kill('SIGKILL')
    }
  })

  it('writes nothing while the window shows output of its own', async () => {
    await writeFile(join(dir, 'piped'), '')
    await writeFile(join(dir, 'activity'), String(Math.floor(Date.now() / 1000) + 1000))
    const loop = startLoop()
    try {
      await looksMore(3)
      expect(await text('piped-tty')).toBe('')
    } finally {
      loop.kill('SIGKILL')
    }
  })

  it('writes on every look where tmate gives no window activity', async () => {
    await writeFile(join(dir, 'piped'), '')
    const loop = startLoop()
    try {
      await until(async () => (await text('piped-tty')) === RESET.repeat(2), 'two resets')
    } finally {
      loop.kill('SIGKILL')
    }
  })

  it('writes nothing where no pane is piped (quiet mode), and ends with the session', async () => {
    const loop = startLoop()
    const exited = new Promise<string>((resolve) => loop.once('exit', () => resolve('exited')))
    await looksMore(3)
    expect(await text('piped-tty')).toBe('')
    expect(await text('other-tty')).toBe('')
    await writeFile(join(dir, 'gone'), '')
    expect(await exited).toBe('exited')
  })

  it('the typed line returns at once and leaves the loop running, detached from the shell', async () => {
    await writeFile(join(dir, 'piped'), '')
    // No terminal here: the pane's size, as `stty size` prints it in one, is 24 rows of 80 columns.
    await writeFile(join(dir, 'stty'), '#!/bin/sh\necho 24 80\n')
    await chmod(join(dir, 'stty'), 0o755)
    const typed = keepAliveLine('bash', 14, 1)
    const shell = spawnSync('bash', ['-c', typed], { env, encoding: 'utf8', timeout: 5000 })
    expect(shell.status).toBe(0)
    expect(shell.stderr).toBe('')
    expect(shell.stdout).toBe(`\r\x1b[${Math.ceil((14 + typed.length) / 80)}A\x1b[J`)
    await until(async () => (await text('piped-tty')).startsWith(RESET), 'the first reset')
    // The session going away ends the detached loop.
    await writeFile(join(dir, 'gone'), '')
  })
})
