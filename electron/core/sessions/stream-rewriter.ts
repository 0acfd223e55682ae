import { screenMask, screenMaskShows } from './mask'

export const ENTER_ALT_SCREEN = '\x1b[?1049h'
export const LEAVE_ALT_SCREEN = '\x1b[?1049l'

/**
 * What replaces the tmux client's final `ESC[?1049l`. Leaving the alternate screen (and the clear
 * tmux sends just before) would wipe the last picture of the session from both the mirror and
 * the renderer's xterm.js: tmux never draws into the normal screen, so there is no scrollback to
 * fall back to. Instead the closing line (`[server exited]`) is written over the status row:
 * plain attributes, no scroll region, cursor on the last row, that row cleared.
 */
export const STAY_ON_SCREEN = '\x1b[0m\x1b[r\x1b[999;1H\x1b[2K'

/**
 * Escape sequences and control characters (no printable text) at the end of a string: tmux's
 * terminal reset before it leaves the alternate screen.
 */
// eslint-disable-next-line no-control-regex -- matching control sequences is the point
const CONTROLS_AT_END = /(?:\x1b\[[?>=!]?[0-9;]*[ -/]*[@-~]|\x1b[^[]|[\x00-\x1a\x1c-\x1f])*$/
// eslint-disable-next-line no-control-regex -- erase-in-display: ESC[J, ESC[0J, ESC[2J
const ERASE_DISPLAY = /\x1b\[[02]?J/g
const CONTROLS_WINDOW = 512
/** Held back when a read ends with the start of one: the switch decides what the stream means. */
const SCREEN_SWITCHES = [ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN]
const KEYPAD_OFF = '\x1b[?1l\x1b>'
/** How long text is held back: a few ms for a split sequence, longer for tmux's exit in pieces. */
const HOLD_MS = 15
const HOLD_EXIT_MS = 250

/** tmate's random read-only tokens (`ro-` + 25 characters), which its start-up messages print. */
const READ_ONLY_CHARS = 25
const READ_ONLY_TOKEN = new RegExp(`\\bro-[A-Za-z0-9]{${READ_ONLY_CHARS}}\\b`, 'g')
const READ_ONLY_LENGTH = 'ro-'.length + READ_ONLY_CHARS
/** A read-only token that may be starting at the end of a read: `ro-` and fewer than 25 characters. */
const READ_ONLY_START = new RegExp(`(?:^|[^A-Za-z0-9_])(ro-[A-Za-z0-9]{0,${READ_ONLY_CHARS - 1}})$`)
/** Its mask shows as many characters at each end as the session token's would. */
const READ_ONLY_SHOWN = screenMaskShows('x'.repeat(READ_ONLY_LENGTH))
const TAIL_LIMIT = 2048

/**
 * Rewrites one connection's decoded output before anything else sees it: masks the session token
 * (tmate's start-up messages print the ssh line), keeps the last screen at the end, and notes
 * what the end of the stream said. Text that might be the start of a token or of an
 * alternate-screen switch split across two reads is held back until the next read (or `flush`).
 */
export class StreamRewriter {
  /** The tmux client started drawing (entered the alternate screen). */
  started = false
  /** …and left it again: the lines after that say why the session ended. */
  exited = false
  private textBefore = ''
  private textAfter = ''
  private carry = ''
  private readonly tokenPatterns: readonly string[]
  private readonly mask: string
  /** The token's first characters that its mask shows anyway: a read may end with them. */
  private readonly shownHead: number
  /**
   * The end of the text handed on, as long as the longest shown head and the character before it:
   * a token may have begun there.
   */
  private tail = ''
  private readonly tailLength: number
  /** The controls at the end of the text handed on: tmux's reset may have begun there. */
  private controlsBefore = ''

  constructor(private readonly token: string) {
    this.tokenPatterns = token.length > 1 ? [token] : []
    this.mask = screenMask(token)
    this.shownHead = screenMaskShows(token)
    this.tailLength = Math.max(this.shownHead, READ_ONLY_SHOWN) + 1
  }

  /** Text the server sent before the tmux client started (token errors come this way). */
  get before(): string {
    return this.textBefore
  }

  /** Text after the tmux client left the alternate screen (`[server exited]`…). */
  get after(): string {
    return this.textAfter
  }

  /** How long the text held back may wait for the rest before `flush`; 0 when nothing is held. */
  get holdMs(): number {
    if (this.carry === '') return 0
    return this.carry.search(ERASE_DISPLAY) >= 0 ? HOLD_EXIT_MS : HOLD_MS
  }

  push(text: string): string {
    const all = this.carry + text
    let keep = pendingPrefixLength(all, SCREEN_SWITCHES)
    // Of a token that may be starting, only what its mask would hide is held back: the shown head
    // goes on at once (an echoed key is often such a read), and maskTokens masks the rest of the
    // token when it follows. The start is looked for across the tail already handed on.
    const seen = this.tail + all
    const tokenStart = pendingPrefixLength(seen, this.tokenPatterns)
    keep = Math.max(keep, Math.min(all.length, tokenStart - this.shownHead))
    // The same for a read-only token, whose characters are not known in advance.
    const readOnlyStart = READ_ONLY_START.exec(seen.slice(-READ_ONLY_LENGTH))?.[1]?.length ?? 0
    keep = Math.max(keep, Math.min(all.length, readOnlyStart - READ_ONLY_SHOWN))
    const ready = all.slice(0, all.length - keep)
    const controls = controlsAtEnd(ready)
    // A clear at the very end may be tmux's last act before it leaves: wait for what follows.
    const clear = this.started && !this.exited ? trailingClearLength(ready, controls, this.controlsBefore) : 0
    this.carry = all.slice(all.length - keep - clear)
    const released = ready.slice(0, ready.length - clear)
    // What is held back is the end of those controls, so the released text ends with the rest.
    this.noteControls(released, controls.slice(0, controls.length - clear))
    return this.process(released)
  }

  flush(): string {
    const held = this.carry
    this.carry = ''
    this.noteControls(held, controlsAtEnd(held))
    return this.process(held)
  }

  /** tmux writes its reset one capability at a time, so the controls before a read count too. */
  private noteControls(released: string, controls: string): void {
    if (released === '') return
    this.controlsBefore = controls.length === released.length ? (this.controlsBefore + controls).slice(-CONTROLS_WINDOW) : controls
  }

  private process(text: string): string {
    if (text === '') return ''
    let out = ''
    let pos = 0
    for (;;) {
      const enter = text.indexOf(ENTER_ALT_SCREEN, pos)
      const leave = this.started ? text.indexOf(LEAVE_ALT_SCREEN, pos) : -1
      const next = enter < 0 ? leave : leave < 0 ? enter : Math.min(enter, leave)
      if (next < 0) {
        this.observe(text.slice(pos))
        out += text.slice(pos)
        break
      }
      this.observe(text.slice(pos, next))
      out += text.slice(pos, next)
      if (next === enter) {
        this.started = true
        this.exited = false
        this.textAfter = ''
        out += ENTER_ALT_SCREEN
        pos = enter + ENTER_ALT_SCREEN.length
      } else {
        this.exited = true
        this.textAfter = ''
        out = keepScreen(out) + STAY_ON_SCREEN
        pos = leave + LEAVE_ALT_SCREEN.length
      }
    }
    return this.maskTokens(out)
  }

  private observe(text: string): void {
    if (!this.started) this.textBefore = (this.textBefore + text).slice(-TAIL_LIMIT)
    else if (this.exited) this.textAfter = (this.textAfter + text).slice(-TAIL_LIMIT)
  }

  private maskTokens(text: string): string {
    // A mask is as long as its token and starts with the same shown head, so a token that began
    // in the tail already handed on is masked from there: only text after the tail changes.
    let joined = this.tail + text
    if (this.token.length > 0 && joined.includes(this.token)) joined = joined.split(this.token).join(this.mask)
    if (joined.includes('ro-')) joined = joined.replace(READ_ONLY_TOKEN, (found) => screenMask(found))
    const masked = joined.slice(this.tail.length)
    this.tail = joined.slice(-this.tailLength)
    return masked
  }
}

/**
 * tmux clears the screen just before it leaves the alternate screen; dropping that clear (when it
 * came in the same read, as tmux writes the whole reset at once) keeps the last picture.
 */
function keepScreen(textBeforeLeave: string): string {
  const controls = controlsAtEnd(textBeforeLeave)
  if (controls === '') return textBeforeLeave
  return textBeforeLeave.slice(0, textBeforeLeave.length - controls.length) + controls.replace(ERASE_DISPLAY, '')
}

/**
 * How much of the end of `text` looks like the start of tmux's exit: keypad mode off (`ESC[?1l
 * ESC>`), then the clear, then nothing but controls. tmux writes it in several pieces, so the
 * clear may arrive some milliseconds before the `ESC[?1049l` that proves it was the exit, and the
 * keypad-off in a read before the clear's (`controlsBefore`, the controls that ended those reads).
 * `own` is the run of controls `text` itself ends with.
 */
function trailingClearLength(text: string, own: string, controlsBefore: string): number {
  // A read of nothing but controls continues the run of controls that ended the reads before it.
  const run = own.length === text.length ? controlsBefore + own : own
  const keypadOff = run.indexOf(KEYPAD_OFF)
  if (keypadOff < 0) return 0
  const erase = run.slice(keypadOff).search(ERASE_DISPLAY)
  if (erase < 0) return 0
  // A clear already handed on cannot be held back any more.
  const eraseAt = keypadOff + erase
  return eraseAt < run.length - own.length ? 0 : run.length - eraseAt
}

/** Only the end of a long read is looked at: tmux's reset is a few hundred bytes at most. */
function controlsAtEnd(text: string): string {
  return CONTROLS_AT_END.exec(text.slice(-CONTROLS_WINDOW))?.[0] ?? ''
}

/** Length of the longest end of `text` that is a proper beginning of one of the patterns. */
export function pendingPrefixLength(text: string, patterns: readonly string[]): number {
  let longest = 0
  for (const pattern of patterns) {
    for (let k = Math.min(pattern.length - 1, text.length); k > longest; k--) {
      if (text.endsWith(pattern.slice(0, k))) {
        longest = k
        break
      }
    }
  }
  return longest
}
