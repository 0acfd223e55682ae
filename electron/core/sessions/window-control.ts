import { TRAVIS_PHASES, type TmateWindow, type TravisPhase } from '@shared/types/sessions'
import { UserError } from '../errors'
import type { ScreenMirror } from './mirror'
import { NEW_WINDOW_KEYS, paneActivity, renameWindowLine, selectWindowKeys } from './window-commands'

/** What window commands need of a session. */
export interface Pane {
  readonly windows: readonly TmateWindow[]
  readonly mirror: ScreenMirror
  /** Throws a UserError when typing is impossible (read-only, not connected). */
  requireWritable(): void
  type(data: string): void
  waitFor(check: () => boolean, timeoutMs: number, failure: string): Promise<void>
}

const SELECT_TIMEOUT_MS = 3000
/** tmux redraws a selected window in one burst; this much quiet means it is done. */
const REDRAW_QUIET_MS = 60
const REDRAW_LIMIT_MS = 1000

/**
 * Tabs as tmate windows. The current window is shared by everyone in the session, so each of
 * these moves every viewer (and the host) too; typed commands are seen by everyone as well.
 */
export class WindowControl {
  /** Names Shipmate gave: tmux stops naming those windows after their program. */
  private readonly givenNames = new Set<string>()

  constructor(private readonly pane: Pane) {}

  select(index: number): void {
    this.pane.requireWritable()
    this.find(index)
    this.pane.type(selectWindowKeys(this.pane.windows, index))
  }

  newWindow(): void {
    this.pane.requireWritable()
    this.pane.type(NEW_WINDOW_KEYS)
  }

  async rename(index: number, name: string): Promise<void> {
    this.pane.requireWritable()
    const line = renameWindowLine(name)
    await this.focusIdle(index, 'rename it when it is done')
    this.pane.type(line)
    this.givenNames.add(name)
  }

  async close(index: number): Promise<void> {
    this.pane.requireWritable()
    this.find(index)
    if (this.pane.windows.length === 1) {
      throw new UserError(
        `Window ${index} is the session's last window: closing it ends the debug session. Type exit in it if that is what you want.`,
        'last_window',
      )
    }
    await this.focusIdle(index, 'close it from the shell when it is done')
    this.pane.type('exit\r')
  }

  async runPhase(phase: string): Promise<void> {
    this.pane.requireWritable()
    if (!isPhase(phase)) {
      throw new UserError(`"${phase}" is not a Travis build phase. Use one of: ${TRAVIS_PHASES.join(', ')}.`, 'bad_phase', 'phase')
    }
    const current = this.pane.windows.find((w) => w.current)
    if (current === undefined) throw new UserError('Shipmate cannot see the current window yet (no status row on screen).', 'no_window')
    await this.focusIdle(current.index, 'run the phase when it is done')
    this.pane.type(`travis_run_${phase}\r`)
  }

  /** Makes `index` the current window and checks that its shell waits at an empty prompt. */
  private async focusIdle(index: number, advice: string): Promise<void> {
    if (!this.find(index).current) {
      this.pane.type(selectWindowKeys(this.pane.windows, index))
      await this.pane.waitFor(
        () => this.pane.windows.find((w) => w.current)?.index === index,
        SELECT_TIMEOUT_MS,
        `Window ${index} did not come up; try again.`,
      )
    }
    await this.pane.mirror.settle(REDRAW_QUIET_MS, REDRAW_LIMIT_MS)
    const window = this.find(index)
    const activity = paneActivity(window, this.pane.mirror.cursorLine(), this.givenNames.has(window.name))
    if (activity.idle) return
    if (activity.startup) throw new UserError(`Window ${index} still shows tmate's start-up messages: press q in it first.`, 'window_busy')
    throw new UserError(`Window ${index} is running something (${activity.what}); ${advice}.`, 'window_busy')
  }

  private find(index: number): TmateWindow {
    const window = this.pane.windows.find((w) => w.index === index)
    if (window === undefined) throw new UserError(`There is no window ${index} in this session.`, 'no_window', 'index')
    return window
  }
}

function isPhase(phase: string): phase is TravisPhase {
  return (TRAVIS_PHASES as readonly string[]).includes(phase)
}
