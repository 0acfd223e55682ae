import type { TmateWindow } from '@shared/types/sessions'
import { UserError } from '../errors'

/**
 * What Shipmate types to drive tmate's windows. A viewer has no command channel and tmate's
 * prompt keys fail without a host client, so only plain key
 * bindings and commands typed into the shared shell are left.
 */

/** tmux's default prefix, C-b: tmate keeps it unless the host's config changes it. */
export const PREFIX = '\x02'
export const NEW_WINDOW_KEYS = `${PREFIX}c`

/**
 * `C-b 0`…`C-b 9` select a window by index. Beyond 9 tmux would prompt (`C-b '`), which fails
 * on tmate, so the keys walk there with `C-b n` / `C-b p` through the list, the shorter way round.
 */
export function selectWindowKeys(windows: readonly TmateWindow[], index: number): string {
  if (index >= 0 && index <= 9) return `${PREFIX}${index}`
  const from = windows.findIndex((w) => w.current)
  const to = windows.findIndex((w) => w.index === index)
  if (from < 0 || to < 0) throw new UserError(`Window ${index} is not in the status row, so Shipmate cannot tell how to reach it.`)
  const forward = (to - from + windows.length) % windows.length
  const backward = windows.length - forward
  return forward <= backward ? `${PREFIX}n`.repeat(forward) : `${PREFIX}p`.repeat(backward)
}

const MAX_NAME = 64

/** A reason the name cannot be used, or undefined. */
export function windowNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'A window name cannot be empty.'
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\x00-\x1f\x7f-\x9f]/.test(name)) return 'A window name cannot contain control characters.'
  if (name.length > MAX_NAME) return `A window name can be at most ${MAX_NAME} characters long.`
  return undefined
}

/**
 * The line that renames the current window: the window-title escape `ESC k NAME ESC \`, which
 * tmux applies to the pane that prints it. The name goes in as printf's argument in single
 * quotes, so neither the shell nor printf interprets it. The leading space keeps the line out of
 * the shell history where HISTCONTROL=ignorespace.
 */
export function renameWindowLine(name: string): string {
  const problem = windowNameProblem(name)
  if (problem) throw new UserError(problem, 'bad_window_name', 'name')
  return ` printf '\\033k%s\\033\\\\' ${shellQuote(name)}\r`
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'fish', 'dash', 'ksh', 'tcsh', 'csh', 'ash'])

/** tmux's name for a window still in tmate's start-up message view. */
const MESSAGE_VIEW_NAME = '[tmux]'

export type PaneActivity = { idle: true } | { idle: false; what: string; startup: boolean }

/**
 * Whether the window's shell waits at an empty prompt, judged from the screen: the cursor sits
 * right after `$ `, `# ` or `% ` with nothing typed after it (the `·` filler of a bigger viewer
 * aside). Anything else — a running command, a full-screen program, a half-typed line, tmate's
 * start-up messages — is busy, and typing into it would go somewhere else than intended.
 * Whether a program switched to its alternate screen cannot be seen from a viewer (tmux draws
 * everything inside the viewer's own alternate screen), so a full-screen program shows as a
 * missing prompt and, usually, as the window's name. `renamed`: the window's name was given by Shipmate, so it does not name the running program.
 */
export function paneActivity(window: TmateWindow, cursor: { before: string; after: string }, renamed = false): PaneActivity {
  if (window.name === MESSAGE_VIEW_NAME) return { idle: false, what: "tmate's start-up messages", startup: true }
  const atPrompt = /[$#%] $/.test(cursor.before) && cursor.after.replace(/│?·*\s*$/, '').trim() === ''
  if (atPrompt) return { idle: true }
  // tmux names a window after its foreground program, unless someone named it.
  const program = !renamed && !SHELLS.has(window.name)
  return { idle: false, what: program ? window.name : 'no shell prompt on screen', startup: false }
}
