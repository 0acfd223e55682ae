import { describe, expect, it } from 'vitest'
import { CANCEL_JOB_ACTION, routeNotification } from '../../../electron/desktop/notification-route'
import { session } from '../../support/session-summary'

const job = { accountId: 'api.travis-ci.com/1', jobId: 77, repoSlug: 'acme/api', jobNumber: '12.3' }

describe('where an alert notification leads', () => {
  const sessions = [
    session({ id: 's1', title: 'acme/api #1.1', alert: true, job: { ...job, jobId: 11 } }),
    session({ id: 's10', title: 'acme/api #1.10', alert: true, job: { ...job, jobId: 110 } }),
    session({ id: 's2', title: 'nyc1.tmate.io · abcd', alert: true }),
    session({ id: 's3', title: 'acme/web #2.1', alert: false }),
  ]

  it('goes to the session the core names', () => {
    expect(routeNotification('s3', sessions, 'darwin')).toEqual({ sessionId: 's3', actions: [] })
  })

  it('goes to that session only, never to one whose title starts its own', () => {
    expect(routeNotification('s10', sessions, 'darwin').sessionId).toBe('s10')
    expect(routeNotification('s1', sessions, 'darwin').sessionId).toBe('s1')
    expect(routeNotification('s2', sessions, 'win32').sessionId).toBe('s2')
  })

  it('leads nowhere but the window for a session that is no longer open', () => {
    expect(routeNotification('s4', sessions, 'linux')).toEqual({ actions: [] })
    expect(routeNotification('gone', sessions, 'linux')).toEqual({ actions: [] })
  })

  it('offers "Cancel job now" on Linux for a session of a job, and cancels that job', () => {
    expect(routeNotification('s10', sessions, 'linux')).toEqual({
      sessionId: 's10',
      actions: [{ type: 'button', text: CANCEL_JOB_ACTION }],
      cancelJob: { accountId: 'api.travis-ci.com/1', jobId: 110 },
    })
    expect(CANCEL_JOB_ACTION).toBe('Cancel job now')
  })

  it('offers no action for a pasted session (no job to cancel) or off Linux', () => {
    expect(routeNotification('s2', sessions, 'linux')).toEqual({ sessionId: 's2', actions: [] })
    expect(routeNotification('s1', sessions, 'darwin')).toEqual({ sessionId: 's1', actions: [] })
  })
})
