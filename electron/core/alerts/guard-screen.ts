import { findFiller, parseStatusRow } from '@shared/parse/status-row'
import type { GuardHost } from './guard'

/**
 * Decides, from a viewer's screen mirror alone, whether the guard may type. A viewer cannot ask
 * the host what runs in a pane (tmate gives viewers no control channel), so this reads what tmux shows:
 * automatic-rename names the current window after its foreground program, and the cursor sits
 * after the prompt of an idle shell. Any doubt means "not now": typing into a running program or a
 * half-typed command would do damage that waiting never does.
 */

export interface GuardScreen {
  /** The status row. */
  lastRow: string
  /** The cursor's line, up to the cursor. */
  cursorLine: string
  /** The rest of the cursor's line, where the host can tell: text there is a command being edited. */
  afterCursor?: string
  /** A full-screen program is known to be up. */
  alternateScreen: boolean
  /** Every row of the screen, joined by newlines. */
  screenText: string
}

export type GuardScreenReading =
  /** tmate's start-up message view, which swallows every key but `q` and Ctrl-C. */
  | { kind: 'startup_view' }
  | { kind: 'idle_prompt'; window: number; shell: string }
  /** Not safe to type; `reason` completes "Waiting for an idle shell prompt: …". */
  | { kind: 'busy'; reason: string }

/** Shells whose prompt the guard's line is written for (it runs its loop under bash itself). */
export const GUARD_SHELLS: readonly string[] = ['bash', 'zsh', 'sh', 'dash', 'fish']

/** The last line of the message log tmate shows in the pane right after start. */
export const STARTUP_VIEW_TEXT = 'Press <q> or <ctrl-c> to continue'

/** The window name tmux shows while the pane is in a mode (copy mode, the start-up view). */
const MODE_WINDOW_NAME = '[tmux]'

/** `$ ` (sh, bash), `# ` (root), `% ` (zsh, csh), `> ` (fish): what a prompt ends with. */
const PROMPT_END = /[$#%>] $/

/**
 * Continuation prompts end like a prompt but mean a command is half-typed: bash's PS2 `> ` and
 * zsh's `%_> ` (`dquote> `, `for quote> `…), named after the parser's open constructs.
 */
const ZSH_OPEN_CONSTRUCTS = [
  'for', 'while', 'repeat', 'select', 'until', 'if', 'then', 'else', 'elif', 'math', 'cond', 'cmdor', 'cmdand',
  'pipe', 'errpipe', 'foreach', 'case', 'function', 'subsh', 'cursh', 'array', 'quote', 'dquote', 'bquote',
  'cmdsubst', 'mathsubst', 'heredoc', 'heredocd', 'brace', 'braceparam', 'always',
].join('|')
const CONTINUATION_PROMPT = new RegExp(`^(?:(?:${ZSH_OPEN_CONSTRUCTS}) )*(?:${ZSH_OPEN_CONSTRUCTS})?> $`)

export function readGuardScreen(screen: GuardScreen): GuardScreenReading {
  const row = parseStatusRow(screen.lastRow)
  if (row.kind === 'message') return { kind: 'busy', reason: 'the status row shows a message' }
  if (row.kind === 'empty') return { kind: 'busy', reason: 'no status row is drawn yet' }

  const current = row.windows.find((window) => window.current)
  if (current === undefined || current.clipped) return { kind: 'busy', reason: 'the current window is not on the status row' }
  if (current.name === MODE_WINDOW_NAME) {
    return screen.screenText.includes(STARTUP_VIEW_TEXT)
      ? { kind: 'startup_view' }
      : { kind: 'busy', reason: `window ${current.index} is in copy mode` }
  }
  if (screen.alternateScreen) return { kind: 'busy', reason: `a full-screen program is open in window ${current.index}` }
  // tmux drops a login shell's leading `-` from the name; a renamed window keeps whatever it was given.
  const shell = current.name.replace(/^-/, '')
  if (!GUARD_SHELLS.includes(shell)) {
    return { kind: 'busy', reason: `\`${current.name}\` is running in window ${current.index}` }
  }
  if (!isPromptLine(screen.cursorLine) || (screen.afterCursor !== undefined && paneTextAfter(screen.cursorLine, screen.afterCursor) !== '')) {
    return { kind: 'busy', reason: `the shell in window ${current.index} is running a command or has one half-typed` }
  }
  return { kind: 'idle_prompt', window: current.index, shell }
}

/** Whether the text before the cursor ends like an empty prompt line. */
export function isPromptLine(beforeCursor: string): boolean {
  return PROMPT_END.test(beforeCursor) && !CONTINUATION_PROMPT.test(beforeCursor.trimStart())
}

/**
 * Text right of the cursor inside the pane. A window shrunk by a smaller client ends its rows with
 * a border and `·` filler on a bigger viewer: that is not the pane's text.
 */
function paneTextAfter(before: string, after: string): string {
  const line = before + after
  const filler = findFiller(line)
  const paneEnd = filler === undefined ? line.length : Math.max(before.length, filler.start - 1)
  return line.slice(before.length, paneEnd).trim()
}

/** What the host shows now, as the prompt reading takes it. */
export function screenOf(host: GuardHost): GuardScreen {
  return {
    lastRow: host.lastRow(),
    cursorLine: host.cursorLine(),
    afterCursor: host.afterCursor?.(),
    alternateScreen: host.alternateScreen(),
    screenText: host.screenText(),
  }
}

/** Two readings with the same signature show the same screen: the prompt held still. */
export function screenSignature(screen: GuardScreen): string {
  return `${screen.lastRow}\n${screen.cursorLine}\n${screen.screenText}`
}
