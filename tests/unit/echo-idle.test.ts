import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { DebugRun, SessionSummary } from '@shared/api'
import { ScreenActivity, TRAVIS_NO_OUTPUT_TIMEOUT_MS, echoIdleNotice } from '../../renderer/src/features/debug/echo-idle'
import { EchoIdleNotice } from '../../renderer/src/features/terminal/echo-idle-notice'
import { session } from '../support/session-summary'

const MIN = 60_000

describe('an idle echo-mode session: how long before Travis ends the job', () => {
  it('says nothing for the first two minutes of quiet', () => {
    expect(echoIdleNotice(0)).toBeUndefined()
    expect(echoIdleNotice(2 * MIN - 1)).toBeUndefined()
  })

  it('then the idle minutes and the minutes left, rounded down so that it never promises too much', () => {
    expect(echoIdleNotice(2 * MIN)).toBe('No output for 2 min — Travis ends an idle echo-mode job after 10 min (8 min left).')
    expect(echoIdleNotice(2 * MIN + 30_000)).toBe('No output for 2 min — Travis ends an idle echo-mode job after 10 min (7 min left).')
    expect(echoIdleNotice(9 * MIN + 30_000)).toBe('No output for 9 min — Travis ends an idle echo-mode job after 10 min (less than 1 min left).')
  })

  it('past ten minutes, that the job may be over', () => {
    expect(TRAVIS_NO_OUTPUT_TIMEOUT_MS).toBe(10 * MIN)
    expect(echoIdleNotice(10 * MIN)).toBe('No output for 10 min — Travis ends an idle echo-mode job after 10 min, so it may have ended this one.')
    expect(echoIdleNotice(14 * MIN)).toMatch(/^No output for 14 min — .*may have ended this one\.$/)
  })
})

describe('when the screen last changed', () => {
  it('moves only when the sampled text differs: the same screen redrawn is no output', () => {
    const activity = new ScreenActivity(1_000)
    expect(activity.changedAt).toBe(1_000)
    expect(activity.sample('$ ', 2_000)).toBe(2_000)
    expect(activity.sample('$ ', 60_000)).toBe(2_000)
    expect(activity.sample('$ ls\nREADME.md\n$ ', 90_000)).toBe(90_000)
    expect(activity.changedAt).toBe(90_000)
  })
})

describe('the note on the session screen', () => {
  const now = Date.parse('2026-12-04T12:00:00Z')
  const summary = session({ title: 'alice/private-app #101.1', openedAt: new Date(now - 30 * MIN).toISOString() })
  const run: DebugRun = {
    id: 'r1',
    accountId: 'a',
    jobId: 1,
    jobNumber: '101.1',
    repoSlug: 'alice/private-app',
    quiet: false,
    step: 'ready',
    label: 'Ready',
    index: 5,
    terminal: false,
    sessionId: 's1',
    requests: 3,
    startedAt: new Date(now - 31 * MIN).toISOString(),
  }
  const render = (fields: { run?: Partial<DebugRun>; session?: Partial<SessionSummary>; changedAt?: number | undefined }) =>
    renderToStaticMarkup(
      createElement(EchoIdleNotice, {
        session: { ...summary, ...fields.session },
        run: { ...run, ...fields.run },
        screenChangedAt: () => ('changedAt' in fields ? fields.changedAt : now - 3 * MIN),
        now: () => now,
      }),
    )

  it('shows the time left in echo mode once the screen has been still for a while', () => {
    const html = render({})
    expect(html).toContain('role="status"')
    expect(html).toContain('No output for 3 min — Travis ends an idle echo-mode job after 10 min (7 min left).')
  })

  it('counts from the session opening when the screen has not been drawn yet', () => {
    expect(render({ changedAt: undefined })).toContain('may have ended this one')
  })

  it('says nothing in quiet mode, after recent output, once the run is over, or while not connected', () => {
    expect(render({ run: { quiet: true } })).toBe('')
    expect(render({ changedAt: now - 30_000 })).toBe('')
    expect(render({ run: { step: 'ended', terminal: true } })).toBe('')
    expect(render({ session: { state: 'reconnecting' } })).toBe('')
  })
})
