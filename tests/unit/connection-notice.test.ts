import { describe, expect, it } from 'vitest'
import type { SessionSummary, TimelineEvent } from '@shared/api'
import { connectionNotice } from '../../renderer/src/features/terminal/connection-notice'
import { session as summary } from '../support/session-summary'

const NOW = Date.parse('2026-12-04T12:00:30Z')

function session(fields: Partial<SessionSummary>): SessionSummary {
  return summary({ title: '127.0.0.1 · abcd…', maskedCommand: 'ssh abcd…wxyz@127.0.0.1', host: '127.0.0.1', ...fields })
}

function entry(kind: TimelineEvent['kind']): TimelineEvent {
  return { sessionId: 's1', at: '2026-12-04T12:00:10Z', kind, mates: 2 }
}

describe('connectionNotice', () => {
  it('says nothing for a connection that answers', () => {
    expect(connectionNotice(session({}), [], NOW)).toBeUndefined()
  })

  it('says a silent server is not responding, for how long, that keys are not taken, and offers Retry now', () => {
    const notice = connectionNotice(session({ silentSince: '2026-12-04T12:00:18Z' }), [], NOW)
    expect(notice).toMatchObject({ tone: 'warning', action: 'Retry now', refusesInput: true })
    expect(notice?.text).toMatch(/^Not responding: nothing from the server for 12 s\. Not accepting input until it answers\./)
  })

  it('refuses keys while reconnecting and offers Retry now', () => {
    const notice = connectionNotice(session({ state: 'reconnecting' }), [], NOW)
    expect(notice).toMatchObject({ action: 'Retry now', refusesInput: true })
    expect(notice?.text).toContain('Not accepting input while reconnecting')
  })

  it('offers Reconnect for a session that failed', () => {
    expect(connectionNotice(session({ state: 'failed' }), [], NOW)).toMatchObject({ tone: 'error', action: 'Reconnect' })
  })

  it('offers nothing for a session that ended', () => {
    expect(connectionNotice(session({ state: 'ended' }), [], NOW)).toBeUndefined()
  })

  it('explains the previous connection the host still counts, until it is gone', () => {
    expect(connectionNotice(session({ mates: 2 }), [entry('previous_connection')], NOW)?.text).toMatch(/still counts your previous connection/)
    expect(connectionNotice(session({}), [entry('previous_connection'), entry('previous_connection_gone')], NOW)).toBeUndefined()
  })

  it('does not speak of input for a read-only session', () => {
    const notice = connectionNotice(session({ readOnly: true, state: 'reconnecting' }), [], NOW)
    expect(notice).toMatchObject({ refusesInput: false })
    expect(notice?.text).not.toMatch(/input/)
  })
})
