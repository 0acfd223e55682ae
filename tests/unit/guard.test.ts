import { describe, expect, it } from 'vitest'
import { GUARD_DETAIL, SessionGuard, type GuardStatus } from '../../electron/core/alerts/guard'
import { GuardRun } from '../../electron/core/alerts/guard-run'
import { isPromptLine, readGuardScreen } from '../../electron/core/alerts/guard-screen'
import { guardLine, guardRequestLine } from '../../electron/core/alerts/guard-script'
import { FakeHost } from '../support/fake-guard-host'
import { SCREENS, lastRow, screenText, tagged, type CapturedScreen } from '../support/guard-screens'
import { ManualClock } from '../support/manual-clock'

/** The loop line and the request line as typed, under the guard's current tag. */
/** The captured screens' prompt: the typed line erases itself over the rows it and the prompt took. */
const PROMPT_WIDTH = 'travis@sim:~$ '.length
const loopLine = (guard: SessionGuard) => `${guardLine('bash', guard.tag ?? '', PROMPT_WIDTH)}\r`
const requestLine = (guard: SessionGuard) => `${guardRequestLine('bash', guard.tag ?? '', PROMPT_WIDTH)}\r`
/** Its own loop's marker under the guard's current tag. */
const ownMarker = (guard: SessionGuard, screen: CapturedScreen = SCREENS.marker1) => tagged(screen, guard.tag ?? '')
/** The one-time read the request line shows. */
const oneShot = (guard: SessionGuard, count: string) => ({ ...SCREENS.idle, rows: [...SCREENS.idle.rows.slice(0, -1), `0:bash* @${guard.tag}:${count}`] })

function setup(screen: CapturedScreen, options: { readOnly?: boolean; enabled?: boolean; run?: GuardRun; resumed?: boolean } = {}) {
  const clock = new ManualClock()
  const host = new FakeHost(screen, options.readOnly)
  const run = options.run ?? new GuardRun()
  const guard = new SessionGuard(host, {
    enabled: options.enabled ?? true,
    run,
    now: clock.now,
    setTimer: clock.setTimer,
    ...(options.resumed === undefined ? {} : { resumed: options.resumed }),
  })
  const seen: GuardStatus[] = []
  guard.onChange((status) => seen.push(status))
  return { clock, host, guard, seen, run }
}

describe('reading the screen', () => {
  it('finds an idle bash prompt', () => {
    for (const screen of [SCREENS.idle, SCREENS.idle_after_ls, SCREENS.half_typed]) {
      const reading = readGuardScreen({ lastRow: lastRow(screen), cursorLine: screen.cursorLine, alternateScreen: false, screenText: screenText(screen) })
      expect(reading.kind).toBe(screen === SCREENS.half_typed ? 'busy' : 'idle_prompt')
    }
  })

  it('tells prompts from continuation lines and half-typed commands', () => {
    for (const prompt of ['travis@sim:~$ ', '$ ', 'root@vm:/# ', 'vm% ', 'travis@vm ~> ', '❯ > ']) expect(isPromptLine(prompt), prompt).toBe(true)
    for (const other of ['> ', 'dquote> ', 'for quote> ', 'travis@sim:~$ ls -l', 'travis@sim:~$', '', 'unfinished']) {
      expect(isPromptLine(other), other).toBe(false)
    }
  })
})

describe('the session guard', () => {
  it('types the line once at an idle prompt, after the screen has held still', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    expect(guard.state).toBe('waiting_for_prompt')
    expect(host.typed).toEqual([])
    clock.advance(399)
    expect(host.typed).toEqual([])
    clock.advance(1)
    expect(host.typed).toEqual([loopLine(guard)])
    expect(guard.state).toBe('starting')

    // An untagged count is someone else's: it is no answer.
    host.show(SCREENS.marker1)
    expect(guard.state).toBe('starting')
    host.show(ownMarker(guard))
    expect(guard.state).toBe('running')
    expect(guard.detail).toBe(GUARD_DETAIL.running)
    clock.advance(60_000)
    expect(host.typed).toEqual([loopLine(guard)])
    expect(host.listening()).toBe(0)
  })

  it('waits again when the screen changes before it has settled', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    clock.advance(300)
    host.show(SCREENS.half_typed)
    clock.advance(300)
    host.show(SCREENS.idle_after_ls)
    clock.advance(300)
    expect(host.typed).toEqual([])
    clock.advance(100)
    expect(host.typed).toEqual([loopLine(guard)])
  })

  it('waits again when the user typed while the prompt settled, though the screen has not shown it yet', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    clock.advance(300)
    // A key on its way to the host: sent, not echoed yet. The guard's line would be typed after it.
    host.inputs += 1
    clock.advance(100)
    expect(host.typed).toEqual([])
    clock.advance(400)
    expect(host.typed).toEqual([loopLine(guard)])
  })

  it.each([
    ['less', SCREENS.less, '`less` is running in window 0'],
    ['vim', SCREENS.vim, '`vim` is running in window 0'],
    ['sleep 30', SCREENS.sleep, '`sleep` is running in window 0'],
    ['a half-typed command', SCREENS.half_typed, 'has one half-typed'],
    ["bash's continuation prompt", SCREENS.continuation, 'has one half-typed'],
    ['copy mode', SCREENS.copy_mode, 'window 0 is in copy mode'],
    ['a command moved behind the cursor', SCREENS.cursor_moved_left, 'has one half-typed'],
    ['a status message', SCREENS.message, 'the status row shows a message'],
  ])('types nothing while %s shows', (_name, screen, reason) => {
    const { clock, host, guard } = setup(screen)
    guard.start()
    clock.advance(60_000)
    host.show(screen)
    clock.advance(60_000)
    expect(host.typed).toEqual([])
    expect(guard.state).toBe('waiting_for_prompt')
    expect(guard.detail).toContain(reason)
  })

  it('types nothing at a prompt while a full-screen program is reported up', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    host.alternate = true
    guard.start()
    clock.advance(10_000)
    expect(host.typed).toEqual([])
    expect(guard.detail).toContain('full-screen program')
    host.show(SCREENS.idle, false)
    clock.advance(400)
    expect(host.typed).toEqual([loopLine(guard)])
  })

  it('types at an idle prompt in a window shrunk by a smaller client, whose filler follows the cursor', () => {
    const { clock, host, guard } = setup(SCREENS.idle_filler)
    guard.start()
    clock.advance(400)
    expect(host.typed).toEqual([loopLine(guard)])
  })

  it('starts once less is closed', () => {
    const { clock, host, guard } = setup(SCREENS.less)
    guard.start()
    clock.advance(5000)
    host.show(SCREENS.idle)
    clock.advance(400)
    expect(host.typed).toEqual([loopLine(guard)])
    expect(guard.state).toBe('starting')
  })

  it("presses q exactly once on tmate's start-up view, then waits for the prompt", () => {
    const { clock, host, guard } = setup(SCREENS.startup)
    guard.start()
    expect(host.typed).toEqual(['q'])
    expect(guard.detail).toBe(GUARD_DETAIL.startupView)
    host.show(SCREENS.startup)
    clock.advance(1000)
    host.show(SCREENS.startup)
    expect(host.typed).toEqual(['q'])

    clock.advance(2000)
    expect(guard.detail).toBe(GUARD_DETAIL.startupViewStuck)
    expect(host.typed).toEqual(['q'])

    host.show(SCREENS.idle)
    clock.advance(400)
    expect(host.typed).toEqual(['q', loopLine(guard)])
  })

  it('takes no count found on the row as its own: it reads one itself and asks whoever wrote it to answer (issue 18)', () => {
    for (const screen of [SCREENS.marker1, SCREENS.marker2_smaller, SCREENS.two_windows]) {
      const { clock, host, guard } = setup(screen)
      guard.start()
      expect(guard.state).toBe('waiting_for_prompt')
      clock.advance(400)
      expect(host.typed).toEqual([requestLine(guard)])
      expect(guard.state).toBe('starting')
      expect(guard.detail).toBe(GUARD_DETAIL.asked)
      // Its own one-time read shows first; only a loop's marker under the new tag is the answer.
      host.show(oneShot(guard, '2'))
      expect(guard.state).toBe('starting')
      host.show(ownMarker(guard, screen))
      expect(guard.state).toBe('running')
      expect(guard.detail).toBe(GUARD_DETAIL.reused)
      expect(host.typed).toEqual([requestLine(guard)])
    }
  })

  it('starts its own loop, under the request’s tag, when nothing on the host answers', () => {
    const { clock, host, guard } = setup(SCREENS.marker1)
    guard.start()
    clock.advance(400)
    const tag = guard.tag
    expect(host.typed).toEqual([requestLine(guard)])
    host.show(oneShot(guard, '2'))
    clock.advance(3999)
    expect(guard.state).toBe('starting')
    clock.advance(1)
    expect(guard.state).toBe('waiting_for_prompt')
    expect(guard.detail).toBe(GUARD_DETAIL.noAnswer(4))
    clock.advance(400)
    expect(guard.tag).toBe(tag)
    expect(host.typed).toEqual([requestLine(guard), loopLine(guard)])
    expect(guard.detail).toBe(GUARD_DETAIL.typed)
    host.show(ownMarker(guard, SCREENS.marker2_smaller))
    expect(guard.state).toBe('running')
    expect(guard.detail).toBe(GUARD_DETAIL.running)
  })

  it('counts the wait for an answer from when its request shows on the row: a shell slow to run it gets no second loop', () => {
    const { clock, host, guard } = setup(SCREENS.marker1)
    guard.start()
    clock.advance(400)
    expect(host.typed).toEqual([requestLine(guard)])
    // A loaded host: the shell takes its time to run the line.
    clock.advance(9000)
    expect(guard.state).toBe('starting')
    host.show(oneShot(guard, '2'))
    clock.advance(3999)
    expect(guard.state).toBe('starting')
    host.show(ownMarker(guard))
    expect(guard.state).toBe('running')
    expect(host.typed).toEqual([requestLine(guard)])
  })

  it('starts its own loop when even its request never shows on the row', () => {
    const { clock, host, guard } = setup(SCREENS.marker1)
    guard.start()
    clock.advance(400)
    clock.advance(9999)
    expect(guard.state).toBe('starting')
    clock.advance(1)
    expect(guard.state).toBe('waiting_for_prompt')
    expect(guard.detail).toBe(GUARD_DETAIL.noAnswer(10))
    clock.advance(400)
    expect(host.typed).toEqual([requestLine(guard), loopLine(guard)])
  })

  it('on a reconnect, keeps counting with the loop it started and asks it for a fresh count at the next idle prompt', () => {
    const run = new GuardRun()
    const earlier = run.issue()
    const { clock, host, guard } = setup(SCREENS.less, { run, resumed: true })
    host.show(tagged({ ...SCREENS.less, rows: [...SCREENS.less.rows.slice(0, -1), '0:less* ⟦mates:1⟧'] }, earlier))
    guard.start()
    expect(guard.state).toBe('running')
    expect(guard.detail).toBe(GUARD_DETAIL.confirming)
    clock.advance(10_000)
    expect(host.typed).toEqual([])
    host.show(tagged(SCREENS.marker1, earlier))
    clock.advance(400)
    expect(guard.tag).not.toBe(earlier)
    expect(host.typed).toEqual([requestLine(guard)])
    host.show(ownMarker(guard))
    expect(guard.detail).toBe(GUARD_DETAIL.reused)
  })

  it('asks rather than starts a second loop when this app run started one in the session, even with no marker in sight', () => {
    const { clock, host, guard } = setup(SCREENS.idle, { resumed: true })
    guard.start()
    clock.advance(400)
    expect(host.typed).toEqual([requestLine(guard)])
  })

  it('says when the running guard gets no count from the server', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    clock.advance(400)
    host.show(ownMarker(guard, { ...SCREENS.marker1, rows: [...SCREENS.marker1.rows.slice(0, -1), '0:bash* ⟦mates:?⟧'] }))
    expect(guard.state).toBe('running')
    expect(guard.detail).toBe(GUARD_DETAIL.runningNoCount)
  })

  it('is unavailable on a read-only connection, and presses nothing there, not even q', () => {
    for (const screen of [SCREENS.idle, SCREENS.startup]) {
      const { clock, host, guard } = setup(screen, { readOnly: true })
      guard.start()
      clock.advance(10_000)
      expect(host.typed).toEqual([])
      expect(guard.state).toBe('unavailable')
      expect(guard.detail).toBe(GUARD_DETAIL.readOnly)
    }
  })

  it('takes no marker another viewer’s guard publishes as a count on a read-only connection: it cannot check it', () => {
    const { host, guard } = setup(SCREENS.idle, { readOnly: true })
    guard.start()
    host.show(SCREENS.marker1)
    expect(guard.state).toBe('unavailable')
    expect(guard.detail).toBe(GUARD_DETAIL.readOnly)
    expect(host.typed).toEqual([])
  })

  it('is off when the user turned it off, and types nothing', () => {
    const { clock, host, guard } = setup(SCREENS.startup, { enabled: false })
    guard.start()
    host.show(SCREENS.idle)
    clock.advance(10_000)
    expect(host.typed).toEqual([])
    expect(guard.state).toBe('off')
    expect(guard.detail).toBe(GUARD_DETAIL.disabled)
  })

  it('says so when the marker does not follow the typed line, and still takes a late one', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    clock.advance(400)
    clock.advance(4999)
    expect(guard.state).toBe('starting')
    clock.advance(1)
    expect(guard.state).toBe('unavailable')
    expect(guard.detail).toBe(GUARD_DETAIL.noMarker(5))
    host.show(SCREENS.idle_after_ls)
    clock.advance(10_000)
    expect(host.typed).toEqual([loopLine(guard)])
    host.show(ownMarker(guard))
    expect(guard.state).toBe('running')
  })

  it('types nothing after stop(), even with a prompt already settling', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    clock.advance(200)
    guard.stop()
    clock.advance(10_000)
    host.show(SCREENS.idle_after_ls)
    clock.advance(10_000)
    expect(host.typed).toEqual([])
    expect(guard.state).toBe('off')
    expect(guard.detail).toBe(GUARD_DETAIL.stopped)
    expect(clock.pending()).toBe(0)
  })

  it('never types twice: not on a second start(), nor after stop() and start() again', () => {
    const { clock, host, guard } = setup(SCREENS.idle)
    guard.start()
    guard.start()
    clock.advance(400)
    guard.stop()
    guard.start()
    expect(guard.state).toBe('starting')
    host.show(SCREENS.idle_after_ls)
    clock.advance(60_000)
    expect(host.typed).toEqual([loopLine(guard)])
  })

  it('tells listeners each state with when it began', () => {
    const { clock, host, guard, seen } = setup(SCREENS.startup)
    guard.start()
    clock.advance(100)
    host.show(SCREENS.idle)
    clock.advance(400)
    host.show(ownMarker(guard))
    const states = seen.map((status) => status.state)
    expect(states.filter((state, i) => state !== states[i - 1])).toEqual(['waiting_for_prompt', 'starting', 'running'])
    expect(seen.at(-1)).toEqual({ state: 'running', detail: GUARD_DETAIL.running, since: 500 })
  })
})
