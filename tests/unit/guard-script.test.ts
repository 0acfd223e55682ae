import { spawn, spawnSync } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseStatusRow } from '@shared/parse/status-row'
import { guardLine, guardLoopScript } from '../../electron/core/sessions/guard-script'

describe('the typed guard line', () => {
  const line = guardLine()

  it('is plain ASCII, so a shell in the C locale reads it as typed', () => {
    expect(line).toMatch(/^[\x20-\x7e]+$/)
    expect(guardLine('fish')).toMatch(/^[\x20-\x7e]+$/)
  })

  it('runs display-message only with -p, and never show-messages', () => {
    const displays = [...line.matchAll(/\b(display-message|display)\b(\s+\S+)?/g)]
    expect(displays.length).toBeGreaterThan(0)
    for (const [, , next] of displays) expect(next?.trim()).toBe('-p')
    expect(line).not.toMatch(/show-?messages|showmsgs/)
  })

  it('reads the client count and publishes it through the window-status separator', () => {
    expect(line).toContain('tmate display -p n#{tmate_num_clients}')
    expect(line).toContain('tmate set -g window-status-separator')
    // An empty count (a server without tmate-websocket) becomes `?`.
    expect(line).toContain('${n:-?}')
  })

  it('starts the loop in the background, disowned, with no output, and ends with clear', () => {
    expect(line).toMatch(/^ \{ bash -c '[^']*' & disown; \} <\/dev\/null >\/dev\/null 2>&1;clear$/)
    expect(guardLine('fish')).toMatch(/^ bash -c '[^']*' <\/dev\/null >\/dev\/null 2>&1 & disown;clear$/)
  })

  it('stops by itself after failed reads, and ignores hangups', () => {
    expect(guardLoopScript()).toContain('((++e<3))')
    expect(guardLoopScript()).toContain('trap "" HUP')
  })

  it('waits with bash’s read instead of a sleep process, keeping sleep only as a fallback', () => {
    expect(guardLoopScript()).toContain('read -t.5 -u3')
    expect(guardLoopScript().match(/\bsleep\b/g)).toEqual(['sleep'])
    expect(guardLoopScript()).toContain('(($?>128))||sleep 1')
  })

  it('is short enough to read at a glance', () => {
    expect(line.length).toBeLessThan(480)
  })

  it('is valid syntax for bash and dash', () => {
    for (const shell of ['bash', 'dash']) {
      const check = spawnSync(shell, ['-n', '-c', line], { encoding: 'utf8' })
      expect(check.stderr, shell).toBe('')
      expect(check.status, shell).toBe(0)
    }
    expect(spawnSync('bash', ['-n', '-c', guardLoopScript()]).status).toBe(0)
  })
})

describe('the guard loop under bash, with a stand-in tmate', () => {
  let dir: string
  let env: NodeJS.ProcessEnv

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipmate-guard-script-'))
    // Logs each call and who made it; `display` expands the count from the count file, and fails
    // once the session is "gone".
    await writeFile(
      join(dir, 'tmate'),
      [
        '#!/bin/bash',
        'printf "%s\\n" "$*" >> "$GUARD_DIR/calls"',
        'case "$1" in',
        '  display) echo "$PPID $(cat /proc/$PPID/comm)" >> "$GUARD_DIR/readers"',
        '    [ -e "$GUARD_DIR/gone" ] && exit 1; f=$3; c=$(cat "$GUARD_DIR/count"); echo "${f//"#{tmate_num_clients}"/$c}" ;;',
        '  set) [ -e "$GUARD_DIR/gone" ] && exit 1; exit 0 ;;',
        'esac',
        '',
      ].join('\n'),
    )
    await writeFile(join(dir, 'sleep'), '#!/bin/sh\necho sleep >> "$GUARD_DIR/calls"\nexec /bin/sleep "$@"\n')
    await writeFile(join(dir, 'clear'), '#!/bin/sh\n')
    await Promise.all(['tmate', 'sleep', 'clear'].map((name) => chmod(join(dir, name), 0o755)))
    // HOME: bash run with a socket for stdin (as Node spawns) reads ~/.bashrc, as under sshd.
    env = { PATH: `${dir}:/usr/bin:/bin`, HOME: dir, GUARD_DIR: dir, LC_ALL: 'C' }
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const calls = async (): Promise<string[]> => (await readFile(join(dir, 'calls'), 'utf8').catch(() => '')).split('\n').filter(Boolean)
  const published = async (): Promise<string[]> =>
    (await calls()).filter((call) => call.startsWith('set ')).map((call) => call.replace('set -g window-status-separator ', ''))

  async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 8000
    for (;;) {
      const value = await check()
      if (value !== undefined) return value
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls: ${(await calls()).join(' | ')}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  it('publishes the count once per change, as a separator the status-row parser reads', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = spawn('bash', ['-c', guardLoopScript()], { env, stdio: 'ignore' })
    await until(async () => ((await published()).length >= 1 ? true : undefined), 'the first publish')
    await until(async () => ((await calls()).filter((c) => c.startsWith('display')).length >= 3 ? true : undefined), 'three reads')
    expect(await published()).toEqual([' ⟦mates:1⟧ '])

    await writeFile(join(dir, 'count'), '2\n')
    await until(async () => ((await published()).length >= 2 ? true : undefined), 'the second publish')
    expect(await published()).toEqual([' ⟦mates:1⟧ ', ' ⟦mates:2⟧ '])
    const row = parseStatusRow(`0:bash*${(await published())[1]}`)
    expect(row.kind === 'windows' && row.mates).toBe(2)

    // Never anything but the two commands, and never a sleep process per tick.
    for (const call of await calls()) expect(call).toMatch(/^(display -p n#\{tmate_num_clients\}|set -g window-status-separator .*)$/)
    loop.kill('SIGKILL')
  })

  it('reads through one long-lived sh coprocess, so the loop itself forks nothing per tick', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = spawn('bash', ['-c', guardLoopScript()], { env, stdio: 'ignore' })
    await until(async () => ((await calls()).filter((c) => c.startsWith('display')).length >= 3 ? true : undefined), 'three reads')
    loop.kill('SIGKILL')
    const readers = (await readFile(join(dir, 'readers'), 'utf8')).split('\n').filter(Boolean)
    // One parent for every read, and it is sh (dash here, which starts programs with vfork), not bash.
    expect(new Set(readers).size).toBe(1)
    expect(readers[0]).toMatch(/^\d+ (sh|dash)$/)
    expect(readers[0]?.split(' ')[0]).not.toBe(String(loop.pid))
  })

  it('publishes ? when the count is empty', async () => {
    await writeFile(join(dir, 'count'), '\n')
    const loop = spawn('bash', ['-c', guardLoopScript()], { env, stdio: 'ignore' })
    await until(async () => ((await published()).length >= 1 ? true : undefined), 'the first publish')
    expect(await published()).toEqual([' ⟦mates:?⟧ '])
    loop.kill('SIGKILL')
  })

  it('ends by itself once tmate keeps failing (the session is gone)', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = spawn('bash', ['-c', guardLoopScript()], { env, stdio: 'ignore' })
    const exited = new Promise<number | null>((resolve) => loop.once('exit', (code) => resolve(code)))
    await until(async () => ((await published()).length >= 1 ? true : undefined), 'the first publish')
    await writeFile(join(dir, 'gone'), '')
    expect(await exited).toBe(0)
    const reads = (await calls()).filter((call) => call.startsWith('display'))
    expect(reads.length).toBeGreaterThanOrEqual(4)
  })

  it('publishes ? when stopped, so a stale count does not stay on the row', async () => {
    await writeFile(join(dir, 'count'), '2\n')
    const loop = spawn('bash', ['-c', guardLoopScript()], { env, stdio: 'ignore' })
    await until(async () => ((await published()).length >= 1 ? true : undefined), 'the first publish')
    loop.kill('SIGTERM')
    await until(async () => ((await published()).length >= 2 ? true : undefined), 'the publish on exit')
    expect(await published()).toEqual([' ⟦mates:2⟧ ', ' ⟦mates:?⟧ '])
  })

  it('the typed line returns at once and leaves the loop running, detached from the shell', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const shell = spawnSync('bash', ['-c', guardLine()], { env, encoding: 'utf8', timeout: 5000 })
    expect(shell.status).toBe(0)
    expect(shell.stdout + shell.stderr).toBe('')
    await until(async () => ((await published()).length >= 1 ? true : undefined), 'the first publish')
    expect(await published()).toEqual([' ⟦mates:1⟧ '])
    // Only the session going away ends a detached loop; its last act is to publish `?`.
    await writeFile(join(dir, 'gone'), '')
    await until(async () => ((await calls()).at(-1)?.includes('⟦mates:?⟧') ? true : undefined), 'the loop to end')
  })
})
