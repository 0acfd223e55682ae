import { describe, expect, it } from 'vitest'
import {
  DEFAULT_POLL_SETTINGS as S,
  type RunStep,
  backoffMs,
  liveJobDelay,
  nextDelay,
  shouldReadJob,
  shouldReadLog,
  stuckSince,
} from '../../electron/core/debug/poll-schedule'

describe('how often a debug run reads Travis', () => {
  it('waits about a second while the restart is pending and while the SSH line may appear', () => {
    expect(nextDelay({ step: 'restarting', requests: 0 }, S)).toBe(1_000)
    expect(nextDelay({ step: 'setting_up', requests: 0 }, S)).toBe(1_000)
  })

  it('is slower while the job is queued or its VM boots, and slowest once the SSH line is there', () => {
    expect(nextDelay({ step: 'queued', requests: 1 }, S)).toBe(4_000)
    expect(nextDelay({ step: 'booting', requests: 1 }, S)).toBe(4_000)
    expect(nextDelay({ step: 'ready', requests: 1 }, S)).toBe(15_000)
  })

  it('reads a queued or booting job at least every 4 s, polled or live, so a VM boot that long always shows as its own step', () => {
    for (const step of ['queued', 'booting'] as const) {
      expect(nextDelay({ step, requests: 1 }, S)).toBeLessThanOrEqual(4_000)
      expect(liveJobDelay({ step, logFlowing: false, logComplete: false }, S)).toBeLessThanOrEqual(4_000)
    }
  })

  it('spaces reads so that one run stays under its requests-a-minute ceiling', () => {
    // 60 a minute: one request buys 1 s, two buy 2 s.
    expect(nextDelay({ step: 'started', requests: 1 }, S)).toBe(1_000)
    expect(nextDelay({ step: 'restarting', requests: 2 }, S)).toBe(2_000)
    expect(nextDelay({ step: 'queued', requests: 2 }, S)).toBe(4_000)
  })

  it('keeps a simulated run at 60 requests a minute at most in every phase', () => {
    const phases: [RunStep, boolean][] = [
      ['restarting', false],
      ['queued', false],
      ['booting', false],
      ['started', true],
      ['setting_up', true],
      ['ready', false],
    ]
    for (const [step, readsLog] of phases) {
      let clock = 0
      let lastJobRead = Number.NEGATIVE_INFINITY
      let requests = 0
      while (clock < 5 * 60_000) {
        let made = 0
        if (shouldReadJob(step, clock - lastJobRead, S)) {
          made += 1
          lastJobRead = clock
        }
        if (readsLog) made += 1
        requests += made
        clock += nextDelay({ step, requests: made }, S)
      }
      expect(requests / 5, step).toBeLessThanOrEqual(61)
    }
  })

  it('reads the job every time except while watching the log, then every jobEveryMs', () => {
    expect(shouldReadJob('queued', 10, S)).toBe(true)
    expect(shouldReadJob('ready', 10, S)).toBe(true)
    expect(shouldReadJob('setting_up', 1_000, S)).toBe(false)
    expect(shouldReadJob('started', 5_000, S)).toBe(false)
    expect(shouldReadJob('started', 10_000, S)).toBe(true)
    expect(shouldReadJob('started', Number.POSITIVE_INFINITY, S)).toBe(true)
  })

  it('reads the log only for the new run, while it runs on a worker before the SSH line, and once at its end', () => {
    const base = { newRunVisible: true, finalLogRead: false }
    expect(shouldReadLog({ ...base, newRunVisible: false, jobState: 'failed', step: 'restarting' })).toBe(false)
    expect(shouldReadLog({ ...base, jobState: 'queued', step: 'queued' })).toBe(false)
    expect(shouldReadLog({ ...base, jobState: 'received', step: 'booting' })).toBe(false)
    expect(shouldReadLog({ ...base, jobState: 'started', step: 'booting' })).toBe(true)
    expect(shouldReadLog({ ...base, jobState: 'started', step: 'setting_up' })).toBe(true)
    expect(shouldReadLog({ ...base, jobState: 'started', step: 'ready' })).toBe(false)
    expect(shouldReadLog({ ...base, jobState: 'failed', step: 'ready' })).toBe(true)
    expect(shouldReadLog({ ...base, jobState: 'canceled', step: 'queued', finalLogRead: true })).toBe(false)
  })
})

describe('backing off', () => {
  it('doubles from 2 s up to 30 s while offline or while Travis errs', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((streak) => backoffMs({ kind: 'offline', streak }))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000])
    expect(backoffMs({ kind: 'server', streak: 2 })).toBe(4_000)
  })

  it('waits 15 s after a 429, up to 2 min: Travis counts in one-minute windows', () => {
    expect([1, 2, 3, 4, 9].map((streak) => backoffMs({ kind: 'rate_limited', streak }))).toEqual([15_000, 30_000, 60_000, 120_000, 120_000])
  })

  it('a streak overrides the step pace', () => {
    expect(nextDelay({ step: 'setting_up', requests: 1, trouble: { kind: 'rate_limited', streak: 1 } }, S)).toBe(15_000)
  })
})

describe('stuck in the queue', () => {
  it('counts from when the job was first seen queued', () => {
    expect(stuckSince(undefined, 10 * 60_000, S)).toBeUndefined()
    expect(stuckSince(1_000, 1_000 + 3 * 60_000 - 1, S)).toBeUndefined()
    expect(stuckSince(1_000, 1_000 + 3 * 60_000, S)).toBe(1_000 + 3 * 60_000)
    expect(stuckSince(1_000, 1_000 + 20 * 60_000, S)).toBe(1_000 + 3 * 60_000)
  })
})
