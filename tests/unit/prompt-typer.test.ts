import { describe, expect, it } from 'vitest'
import { PromptTyper } from '../../electron/core/alerts/prompt-typer'
import { FakeHost } from '../support/fake-guard-host'
import { SCREENS } from '../support/guard-screens'
import { ManualClock } from '../support/manual-clock'

function setup(readOnly = false) {
  const clock = new ManualClock()
  const host = new FakeHost(SCREENS.sleep, readOnly)
  let typedCalls = 0
  const typer = new PromptTyper(host, (shell, width) => `LINE ${shell} ${width}`, () => (typedCalls += 1), { setTimer: clock.setTimer })
  return { clock, host, typer, typed: () => typedCalls }
}

describe('typing one line at the next idle prompt', () => {
  it('waits for an idle prompt that holds still, then types once, for that shell and prompt', () => {
    const { clock, host, typer, typed } = setup()
    typer.start()
    clock.advance(5_000)
    expect(host.typed).toEqual([])
    host.show(SCREENS.idle)
    clock.advance(399)
    expect(host.typed).toEqual([])
    clock.advance(1)
    expect(host.typed).toEqual([`LINE bash ${'travis@sim:~$ '.length}\r`])
    expect(typed()).toBe(1)
    host.show(SCREENS.idle_after_ls)
    clock.advance(5_000)
    expect(host.typed).toHaveLength(1)
    expect(host.listening()).toBe(0)
  })

  it('starts over when the user types while the prompt settles, and never into a busy screen', () => {
    const { clock, host, typer } = setup()
    host.show(SCREENS.idle)
    typer.start()
    clock.advance(200)
    host.type('l')
    clock.advance(200)
    expect(host.typed).toEqual(['l'])
    for (const busy of [SCREENS.half_typed, SCREENS.vim, SCREENS.less, SCREENS.startup]) {
      host.show(busy)
      clock.advance(1_000)
    }
    expect(host.typed).toEqual(['l'])
    host.show(SCREENS.idle_after_ls)
    clock.advance(400)
    expect(host.typed).toHaveLength(2)
  })

  it('types nothing on a read-only connection, or after stop()', () => {
    const readOnly = setup(true)
    readOnly.host.show(SCREENS.idle)
    readOnly.typer.start()
    readOnly.clock.advance(1_000)
    expect(readOnly.host.typed).toEqual([])
    const stopped = setup()
    stopped.host.show(SCREENS.idle)
    stopped.typer.start()
    stopped.clock.advance(200)
    stopped.typer.stop()
    stopped.clock.advance(1_000)
    expect(stopped.host.typed).toEqual([])
    expect(stopped.clock.pending()).toBe(0)
  })
})
