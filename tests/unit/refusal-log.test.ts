import { describe, expect, it } from 'vitest'
import { createLogger } from '../../electron/core/log'
import { createRefusalLog } from '../../electron/web/refusal-log'
import { ManualClock } from '../support/manual-clock'

describe('the refusal log', () => {
  const setup = () => {
    const lines: string[] = []
    const clock = new ManualClock()
    const refusals = createRefusalLog(createLogger((line) => lines.push(line)), { lines: 3, perMs: 10_000 }, clock.setTimer)
    return { lines, clock, refusals }
  }

  it('writes the first lines of an interval and sums up the rest when it ends', () => {
    const { lines, clock, refusals } = setup()
    for (let i = 0; i < 100; i++) refusals.write(`refusal ${i}`)
    expect(lines).toHaveLength(3)
    expect(lines.join('')).toContain('refusal 2')
    clock.advance(10_000)
    expect(lines).toHaveLength(4)
    expect(lines[3]).toContain('97 more refused or failed browser-mode connections were not logged (at most 3 lines per 10 s).')
  })

  it('starts a fresh interval after a quiet one, and says nothing when nothing was held back', () => {
    const { lines, clock, refusals } = setup()
    refusals.write('first')
    clock.advance(10_000)
    expect(lines).toHaveLength(1)
    expect(clock.pending()).toBe(0)
    for (let i = 0; i < 3; i++) refusals.write(`again ${i}`)
    expect(lines).toHaveLength(4)
  })

  it('says how many were held back when flushed early (the host closing)', () => {
    const { lines, clock, refusals } = setup()
    for (let i = 0; i < 10; i++) refusals.write(`refusal ${i}`)
    refusals.flush()
    expect(lines.at(-1)).toContain('7 more refused')
    expect(clock.pending()).toBe(0)
  })
})
