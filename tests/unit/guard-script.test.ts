import { spawn, spawnSync } from 'node:child_process'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseStatusRow } from '@shared/parse/status-row'
import { guardLine, guardLoopScript, guardRequestLine, guardStopLine } from '../../electron/core/alerts/guard-script'
import { waitFor } from '../support/poll'
import { standInBin } from '../support/stand-in-bin'

const TAG = 'k3x9q2'

describe('the typed guard lines', () => {
  const line = guardLine('bash', TAG)
  const request = guardRequestLine('bash', TAG)

  it('are plain ASCII, so a shell in the C locale reads them as typed', () => {
    for (const typed of [line, guardLine('fish', TAG), request, guardRequestLine('fish', TAG)]) expect(typed).toMatch(/^[\x20-\x7e]+$/)
  })

  it('run display-message only with -p, and never show-messages', () => {
    for (const typed of [line, request]) {
      const displays = [...typed.matchAll(/\b(display-message|display)\b(\s+\S+)?/g)]
      expect(displays.length).toBeGreaterThan(0)
      for (const [, , next] of displays) expect(next?.trim()).toBe('-p')
      expect(typed).not.toMatch(/show-?messages|showmsgs/)
    }
  })

  it('reads the separator and the count in one display, and publishes the count under its tag', () => {
    expect(line).toContain('tmate display -p :#{$o}:n#{tmate_num_clients}')
    expect(line).toContain('o=window-status-separator')
    expect(line).toContain('tmate set -g $o')
    expect(line).toContain(`t=${TAG}`)
    // An empty count (a server without tmate-websocket) becomes `?`.
    expect(line).toContain('${n:-?}')
  })

  it('starts the loop in the background, disowned, with no output, and ends by erasing itself', () => {
    expect(line).toMatch(/^ \{ bash -c '[^']*' & disown; \} <\/dev\/null >\/dev\/null 2>&1;printf '\\r\\033\[%dA\\033\[J' \$\(\(\(\d+-1\)\/\$\(stty size\|cut -d" " -f2\)\+1\)\)$/)
    expect(guardLine('fish', TAG)).toMatch(/^ bash -c '[^']*' <\/dev\/null >\/dev\/null 2>&1 & disown;printf '\\r\\033\[%dA\\033\[J' \(math -s0 "\(\d+ - 1\) \/ \$COLUMNS \+ 1"\)$/)
  })

  it('erase the rows the prompt and the whole typed line take, the erasing part included', () => {
    for (const [typed, width] of [
      [guardLine('bash', TAG, 14), 14],
      [guardRequestLine('bash', TAG, 30), 30],
      [guardStopLine('sh', [TAG, 'abcdef'], 2), 2],
    ] as const) {
      const counted = Number(/\$\(\(\((\d+)-1\)/.exec(typed)?.[1])
      expect(counted).toBe(width + typed.length)
    }
  })

  it('doubles every backslash for fish, which reads \\\\ inside single quotes as one', () => {
    const fish = guardLine('fish', TAG)
    const body = fish.slice(fish.indexOf("'") + 1, fish.indexOf("' </dev/null"))
    expect(body.replaceAll('\\\\', '\\')).toBe(guardLoopScript(TAG))
  })

  it('stops by itself after failed reads, and ignores hangups', () => {
    expect(guardLoopScript(TAG)).toContain('((++e<3))')
    expect(guardLoopScript(TAG)).toContain('trap "" HUP')
  })

  it('waits with bash’s read instead of a sleep process, keeping sleep only as a fallback', () => {
    expect(guardLoopScript(TAG)).toContain('read -t.5 -u3')
    expect(guardLoopScript(TAG).match(/\bsleep\b/g)).toEqual(['sleep'])
    expect(guardLoopScript(TAG)).toContain('(($?>128))||sleep 1')
  })

  it('are short: the loop line fits a few terminal rows, the request one', () => {
    expect(line.length).toBeLessThan(1200)
    expect(request.length).toBeLessThan(180)
  })

  it('are valid syntax for bash and dash', () => {
    for (const shell of ['bash', 'dash']) {
      for (const typed of [line, request]) {
        const check = spawnSync(shell, ['-n', '-c', typed], { encoding: 'utf8' })
        expect(check.stderr, shell).toBe('')
        expect(check.status, shell).toBe(0)
      }
    }
    expect(spawnSync('bash', ['-n', '-c', guardLoopScript(TAG)]).status).toBe(0)
  })

  it('take only a tag the status-row parser reads', () => {
    for (const bad of ['', 'ABCDEF', 'abc12', 'abc1234', 'abc 12', "a'b;cd"]) {
      expect(() => guardLine('bash', bad), bad).toThrow('not a guard tag')
      expect(() => guardRequestLine('bash', bad), bad).toThrow('not a guard tag')
    }
  })
})

// Real processes ticking every half second: on a busy machine a few ticks take longer than vitest's default 5 s.
describe('the guard loop under bash, with a stand-in tmate', { timeout: 20_000 }, () => {
  let dir: string
  let env: NodeJS.ProcessEnv

  beforeEach(async () => {
    // Keeps the separator in a file like tmux keeps the option, logs each value set and each
    // reader; `display` expands the separator and the count, and fails once the session is "gone".
    // `sleep` is logged; with no terminal here, `stty size` prints 24 rows of 80 columns, as one would.
    // HOME: bash run with a socket for stdin (as Node spawns) reads ~/.bashrc, as under sshd.
    ;({ dir, env } = await standInBin(
      'shipmate-guard-script-',
      {
        tmate: [
          '#!/bin/bash',
          'printf "%s\\n" "$1${4:+ $4}" >> "$GUARD_DIR/calls"',
          '[ -e "$GUARD_DIR/gone" ] && exit 1',
          'case "$1" in',
          '  display) echo "$PPID $(cat /proc/$PPID/comm)" >> "$GUARD_DIR/readers"',
          // A stalled host: longer than the loop's read waits, then says whether another request queued up meanwhile.
          '    [ -e "$GUARD_DIR/stall" ] && { rm "$GUARD_DIR/stall"; sleep 3.5; read -t 0 && echo queued >> "$GUARD_DIR/calls"; }',
          '    f=$3; c=$(cat "$GUARD_DIR/count"); s=$(cat "$GUARD_DIR/sep" 2>/dev/null; printf .); s=${s%.}',
          // Another writer's value seen by exactly one read (a second guard about to publish the new count).
          '    [ -e "$GUARD_DIR/once" ] && { s=$(cat "$GUARD_DIR/once"); rm "$GUARD_DIR/once"; }',
          '    f=${f//"#{window-status-separator}"/$s}; echo "${f//"#{tmate_num_clients}"/$c}" ;;',
          '  set) [ "$2 $3" = "-g window-status-separator" ] && { printf %s "$4" > "$GUARD_DIR/sep.$$"; mv "$GUARD_DIR/sep.$$" "$GUARD_DIR/sep"; printf "%s\\n" "$4" >> "$GUARD_DIR/published"; }',
          '    [ "$2 $3" = "-gu window-status-separator" ] && { rm -f "$GUARD_DIR/sep"; echo unset-global >> "$GUARD_DIR/calls"; }',
          '    [ "$5 $6 $7" = "; set -wu" ] && echo unset-window >> "$GUARD_DIR/calls"; exit 0 ;;',
          '  show) cat "$GUARD_DIR/sep" 2>/dev/null; echo ;;',
          'esac',
          '',
        ].join('\n'),
        sleep: '#!/bin/sh\necho sleep >> "$GUARD_DIR/calls"\nexec /bin/sleep "$@"\n',
        stty: '#!/bin/sh\necho 24 80\n',
      },
      'GUARD_DIR',
    ))
  })

  afterEach(async () => {
    // A killed loop's coprocess and its last sleep can still write a line here for a moment after.
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
  })

  const lines = async (file: string): Promise<string[]> => (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean)
  const calls = () => lines('calls')
  const published = () => lines('published')
  const reads = async () => (await calls()).filter((call) => call === 'display').length
  const lastCall = async () => (await calls()).at(-1) ?? ''
  const until = (check: () => Promise<boolean>, what: string) =>
    waitFor(check, what, { intervalMs: 50, describe: () => `see ${dir}` })

  /** Another writer sets the separator; in one step, as tmux does, so the loop never reads half of it. */
  async function setSeparator(value: string): Promise<void> {
    await writeFile(join(dir, 'sep.new'), value)
    await rename(join(dir, 'sep.new'), join(dir, 'sep'))
  }

  function startLoop(options: { idleSeconds?: number } = {}): ReturnType<typeof spawn> {
    return spawn('bash', ['-c', guardLoopScript(TAG, options)], { env, stdio: 'ignore' })
  }

  const exited = (loop: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve) => (loop.exitCode === null ? loop.once('exit', (code) => resolve(code)) : resolve(loop.exitCode)))

  it('ends when the last Shipmate viewer using it says it is done, and puts back the separator it found', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    await setSeparator(' | ')
    const loop = startLoop()
    const end = exited(loop)
    await until(async () => (await published()).length >= 1, 'the first publish')
    // A second Shipmate asks under its own tag, and so becomes a user of the loop.
    await setSeparator(' @abcdef:1 ')
    await until(async () => (await published()).at(-1) === ' ⟦mates:1@abcdef⟧ ', 'the answer to the second Shipmate')
    // The first is done: the loop stays for the second, and answers it again.
    await setSeparator(` !${TAG} `)
    await until(async () => (await published()).filter((value) => value === ' ⟦mates:1@abcdef⟧ ').length === 2, 'the loop to go on for the second')
    expect(loop.exitCode).toBeNull()
    await setSeparator(' !abcdef!zzzzzz ')
    expect(await end).toBe(0)
    expect(await readFile(join(dir, 'sep'), 'utf8')).toBe(' | ')
  })

  it('ends after nobody at all has been connected for a while, and unsets a separator it found to be a marker', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    await setSeparator(' ⟦mates:1⟧ ')
    const loop = startLoop({ idleSeconds: 1 })
    const end = exited(loop)
    await until(async () => (await published()).length >= 1, 'the first publish')
    await writeFile(join(dir, 'count'), '0\n')
    expect(await end).toBe(0)
    expect(await calls()).toContain('unset-global')
  })

  it('does not end while someone is connected, or while the count is unknown', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop({ idleSeconds: 0.5 })
    try {
      await until(async () => (await published()).length >= 1, 'the first publish')
      await ticks(2)
      await writeFile(join(dir, 'count'), '\n')
      await ticks(3)
      expect(loop.exitCode).toBeNull()
    } finally {
      loop.kill('SIGKILL')
    }
  })

  /** Waits until the loop has read the count `n` more times, so whatever it does about it is done. */
  async function ticks(n: number): Promise<void> {
    const from = await reads()
    await until(async () => (await reads()) >= from + n, `${n} more reads`)
  }

  it('publishes the count under its tag once per change, as a separator the status-row parser reads', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    await ticks(3)
    expect(await published()).toEqual([` ⟦mates:1@${TAG}⟧ `])

    await writeFile(join(dir, 'count'), '2\n')
    await until(async () => (await published()).length >= 2, 'the second publish')
    expect(await published()).toEqual([` ⟦mates:1@${TAG}⟧ `, ` ⟦mates:2@${TAG}⟧ `])
    const row = parseStatusRow(`0:bash*${(await published())[1]}`)
    expect(row.kind === 'windows' && row.markers).toEqual([{ mates: 2, tag: TAG, overwrites: 0, oneShot: false }])

    // Never anything but the two commands (and the window unset that goes with each publish), never a sleep process.
    // The separator it found is read once, at the start, to be put back when the loop ends.
    expect((await calls()).filter((call) => call === 'show')).toEqual(['show'])
    for (const call of await calls()) expect(call).toMatch(/^(display|show|set .*|unset-window)$/)
    loop.kill('SIGKILL')
  })

  it('reads through one long-lived sh coprocess, so the loop itself forks nothing per tick', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop()
    await until(async () => (await reads()) >= 3, 'three reads')
    loop.kill('SIGKILL')
    const readers = await lines('readers')
    // One parent for every read, and it is sh (dash here, which starts programs with vfork), not bash.
    expect(new Set(readers).size).toBe(1)
    expect(readers[0]).toMatch(/^\d+ (sh|dash)$/)
    expect(readers[0]?.split(' ')[0]).not.toBe(String(loop.pid))
  })

  it('puts its count back when someone else writes another, says how often, and unsets a window’s own separator', async () => {
    await writeFile(join(dir, 'count'), '2\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    for (const forged of [` ⟦mates:1@${TAG}⟧ `, ' ⟦mates:1⟧ ']) {
      const before = (await published()).length
      await setSeparator(forged)
      await until(async () => (await published()).length > before, 'the count put back')
    }
    expect(await published()).toEqual([` ⟦mates:2@${TAG}⟧ `, ` ⟦mates:2@${TAG}+1⟧ `, ` ⟦mates:2@${TAG}+2⟧ `])
    expect((await calls()).filter((call) => call === 'unset-window')).toHaveLength(3)
    loop.kill('SIGKILL')
  })

  it('leaves a marker with the same count alone, so two guards on one host do not fight', async () => {
    await writeFile(join(dir, 'count'), '2\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    for (const other of [' ⟦mates:2@abcdef⟧ ', ' ⟦mates:2⟧ ']) {
      await setSeparator(other)
      await ticks(3)
    }
    expect(await published()).toEqual([` ⟦mates:2@${TAG}⟧ `])
    loop.kill('SIGKILL')
  })

  it('takes another count seen by one read only for a guard catching up, not an overwrite', async () => {
    // Two loops on one host read the count at different moments: when it goes 1 → 0 → 1 (a
    // reconnect), one may publish the 0 that the other never read, and publish the 1 a tick later.
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop()
    try {
      await until(async () => (await published()).length >= 1, 'the first publish')
      for (const other of [' ⟦mates:0@abcdef⟧ ', ' ⟦mates:2@abcdef⟧ ']) {
        await writeFile(join(dir, 'once'), other)
        await until(async () => (await readFile(join(dir, 'once')).catch(() => undefined)) === undefined, 'the one read')
        await ticks(3)
      }
      expect(await published()).toEqual([` ⟦mates:1@${TAG}⟧ `])
    } finally {
      loop.kill('SIGKILL')
    }
  })

  it('cannot be fed a count through a separator with line breaks in it', async () => {
    await writeFile(join(dir, 'count'), '3\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    await setSeparator('x\n:n1\nn1\n')
    await until(async () => (await published()).length >= 2, 'the count put back')
    await ticks(3)
    expect(await published()).toEqual([` ⟦mates:3@${TAG}⟧ `, ` ⟦mates:3@${TAG}+1⟧ `])
    loop.kill('SIGKILL')
  })

  it('answers a request under its new tag at once; a request with a malformed tag is an overwrite', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    await setSeparator(' @newtag:1 ')
    await until(async () => (await published()).length >= 2, 'the answer')
    await setSeparator(' @NEW#1:1 ')
    await until(async () => (await published()).length >= 3, 'the count put back')
    expect(await published()).toEqual([` ⟦mates:1@${TAG}⟧ `, ' ⟦mates:1@newtag⟧ ', ' ⟦mates:1@newtag+1⟧ '])
    loop.kill('SIGKILL')
  })

  it('asks nothing new while a stalled read is still due, so an old separator never looks like an overwrite', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    await writeFile(join(dir, 'stall'), '')
    await until(async () => (await readFile(join(dir, 'stall')).catch(() => undefined)) === undefined, 'the stalled read to begin')
    await writeFile(join(dir, 'count'), '2\n')
    await until(async () => (await published()).at(-1) === ` ⟦mates:2@${TAG}⟧ `, 'the new count')
    await ticks(4)
    expect(await calls()).not.toContain('queued')
    expect((await published()).filter((value) => value.includes('+'))).toEqual([])
    expect((await published()).at(-1)).toBe(` ⟦mates:2@${TAG}⟧ `)
    loop.kill('SIGKILL')
  }, 15_000)

  it('publishes ? when the count is empty', async () => {
    await writeFile(join(dir, 'count'), '\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    expect(await published()).toEqual([` ⟦mates:?@${TAG}⟧ `])
    loop.kill('SIGKILL')
  })

  it('ends by itself once tmate keeps failing (the session is gone)', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const loop = startLoop()
    const exited = new Promise<number | null>((resolve) => loop.once('exit', (code) => resolve(code)))
    await until(async () => (await published()).length >= 1, 'the first publish')
    await writeFile(join(dir, 'gone'), '')
    expect(await exited).toBe(0)
    expect(await reads()).toBeGreaterThanOrEqual(4)
  })

  it('publishes ? when stopped, so a stale count does not stay on the row', async () => {
    await writeFile(join(dir, 'count'), '2\n')
    const loop = startLoop()
    await until(async () => (await published()).length >= 1, 'the first publish')
    loop.kill('SIGTERM')
    await until(async () => (await published()).length >= 2, 'the publish on exit')
    expect(await published()).toEqual([` ⟦mates:2@${TAG}⟧ `, ` ⟦mates:?@${TAG}⟧ `])
  })

  it('the typed line returns at once and leaves the loop running, detached from the shell', async () => {
    await writeFile(join(dir, 'count'), '1\n')
    const typed = guardLine('bash', TAG, 14)
    const shell = spawnSync('bash', ['-c', typed], { env, encoding: 'utf8', timeout: 5000 })
    expect(shell.status).toBe(0)
    // Nothing but the cursor going up over the prompt's row and the line's, and clearing from there.
    expect(shell.stderr).toBe('')
    expect(shell.stdout).toBe(`\r\x1b[${Math.ceil((14 + typed.length) / 80)}A\x1b[J`)
    await until(async () => (await published()).length >= 1, 'the first publish')
    expect(await published()).toEqual([` ⟦mates:1@${TAG}⟧ `])
    // Only the session going away ends a detached loop; its last act is to publish `?`.
    await writeFile(join(dir, 'gone'), '')
    await until(async () => (await lastCall()).includes(`⟦mates:?@${TAG}⟧`), 'the loop to end')
  })

  it('the request line reads the count once and shows it under its tag, in bash and dash', async () => {
    await writeFile(join(dir, 'count'), '2\n')
    for (const shell of ['bash', 'dash']) {
      const typed = guardRequestLine(shell, TAG, 14)
      const run = spawnSync(shell, ['-c', typed], { env, encoding: 'utf8', timeout: 5000 })
      expect(run.status, shell).toBe(0)
      expect(run.stderr, shell).toBe('')
      expect(run.stdout, shell).toBe(`\r\x1b[${Math.ceil((14 + typed.length) / 80)}A\x1b[J`)
      expect(await readFile(join(dir, 'sep'), 'utf8'), shell).toBe(` @${TAG}:2 `)
      await rm(join(dir, 'sep'))
    }
    const row = parseStatusRow(`0:bash* @${TAG}:2`)
    expect(row.kind === 'windows' && row.markers).toEqual([{ mates: 2, tag: TAG, overwrites: 0, oneShot: true }])
  })
})
