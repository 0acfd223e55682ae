import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand } from './run-command'
import { simEnv } from './sim-env'

/*
 * The status row a viewer of a DETACHED tmate host sees is only the window list drawn by the
 * replica: the host expands status-left/right and sends them as text only from a
 * host-side redraw, which never happens without a host client, so `set -g status-left …` has no
 * visible effect for viewers. tmate's replica (tmux 2.2) also draws window-status-separator after
 * the last window, where tmux 3.x draws it only between windows.
 *
 * So the installed tmux's own default status-format[0] is rewritten: the status-left and
 * status-right parts are dropped, and the "separator unless last window" condition becomes an
 * unconditional separator. Rewriting the installed default (rather than shipping a copy) keeps
 * tmux 3.x's styles and list markers, and a failed match throws so a tmux update cannot silently
 * change what viewers see.
 */
const LEFT_PART = '#{T;=/#{status-left-length}:status-left}'
const RIGHT_PART = '#{T;=/#{status-right-length}:status-right}'
const SEPARATOR_BETWEEN_ONLY = '#{?window_end_flag,,#{window-status-separator}}'
const SEPARATOR_ALWAYS = '#{window-status-separator}'

export function replicaStatusFormat(tmuxDefault: string): string {
  for (const part of [LEFT_PART, RIGHT_PART, SEPARATOR_BETWEEN_ONLY]) {
    if (!tmuxDefault.includes(part)) throw new Error(`tmux default status-format lacks ${part}; cannot imitate tmate`)
  }
  return tmuxDefault.replace(LEFT_PART, '').replace(RIGHT_PART, '').replaceAll(SEPARATOR_BETWEEN_ONLY, SEPARATOR_ALWAYS)
}

let cached: Promise<string> | undefined

/** The rewritten status-format[0], computed once per process from a throwaway tmux server. */
export function statusFormat(): Promise<string> {
  cached ??= probeDefault().then(replicaStatusFormat)
  return cached
}

async function probeDefault(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tmate-sim-probe-'))
  try {
    const result = await runCommand(
      'tmux',
      ['-S', join(dir, 'probe.sock'), '-f', '/dev/null', 'start-server', ';', 'show-options', '-gv', 'status-format[0]'],
      simEnv({ HOME: dir }),
    )
    const format = result.stdout.replace(/\n$/, '')
    if (result.code !== 0 || format === '') throw new Error(`tmux probe failed: ${result.stderr}`)
    return format
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
