import { describe, expect, it } from 'vitest'
import { CANCEL_JOB_ACTION, routeNotification } from '../../../electron/desktop/notification-route'
import { session } from './sessions'

const job = { accountId: 'api.travis-ci.com/1', jobId: 77, repoSlug: 'acme/api', jobNumber: '12.3' }

describe('where an alert notification leads', () => {
  const sessions = [
    session({ id: 's1', title: 'acme/api #1.1', alert: true, job: { ...job, jobId: 11 } }),
    session({ id: 's10', title: 'acme/api #1.10', alert: true, job: { ...job, jobId: 110 } }),
    session({ id: 's2', title: 'nyc1.tmate.io · abcd', alert: true }),
    session({ id: 's3', title: 'acme/web #2.1', alert: false }),
  ]

  it('goes to the session the core names', () => {
    expect(routeNotification({ body: 'anything', sessionId: 's3' }, sessions, 'darwin')).toEqual({ sessionId: 's3', actions: [] })
  })

  it('otherwise finds the session in alert whose title starts the body, the longest title first', () => {
    expect(routeNotification({ body: 'acme/api #1.10: 2 connected, you included.' }, sessions, 'darwin').sessionId).toBe('s10')
    expect(routeNotification({ body: 'acme/api #1.1: 2 connected, you included.' }, sessions, 'darwin').sessionId).toBe('s1')
    expect(routeNotification({ body: 'nyc1.tmate.io · abcd: someone joined' }, sessions, 'win32').sessionId).toBe('s2')
  })

  it('leads nowhere but the window for a body that names no session in alert', () => {
    expect(routeNotification({ body: 'acme/web #2.1: 2 connected' }, sessions, 'linux')).toEqual({ actions: [] })
    expect(routeNotification({ body: 'A session: 2 connected' }, sessions, 'linux')).toEqual({ actions: [] })
  })

  it('offers "Cancel job now" on Linux for a session of a job, and cancels that job', () => {
    expect(routeNotification({ body: 'acme/api #1.10: 2 connected' }, sessions, 'linux')).toEqual({
      sessionId: 's10',
      actions: [{ type: 'button', text: CANCEL_JOB_ACTION }],
      cancelJob: { accountId: 'api.travis-ci.com/1', jobId: 110 },
    })
    expect(CANCEL_JOB_ACTION).toBe('Cancel job now')
  })

  it('offers no action for a pasted session (no job to cancel) or off Linux', () => {
    expect(routeNotification({ body: 'x', sessionId: 's2' }, sessions, 'linux')).toEqual({ sessionId: 's2', actions: [] })
    expect(routeNotification({ body: 'x', sessionId: 's1' }, sessions, 'darwin')).toEqual({ sessionId: 's1', actions: [] })
  })
})
