import { describe, expect, it } from 'vitest'
import { quitQuestion } from '../../../electron/desktop/quit-question'
import { session } from '../../support/session-summary'

describe('quitting with sessions open', () => {
  it('quits without asking when no session is open', () => {
    expect(quitQuestion([])).toBeUndefined()
    expect(quitQuestion([session({ id: 'a', state: 'ended' }), session({ id: 'b', state: 'failed' })])).toBeUndefined()
  })

  it('asks first, naming the open sessions and what happens to the debug job', () => {
    const one = quitQuestion([session({ id: 'a', title: 'acme/api #12.3' }), session({ id: 'b', state: 'ended' })])
    expect(one?.message).toBe('Quit Shipmate and close the open session?')
    expect(one?.detail).toContain('acme/api #12.3 will be disconnected')
    expect(one?.detail).toContain('keeps running on Travis CI')
    expect(one?.buttons).toEqual(['Quit', 'Cancel'])
    const two = quitQuestion([session({ id: 'a', state: 'reconnecting' }), session({ id: 'b', state: 'connecting' })])
    expect(two?.message).toBe('Quit Shipmate and close 2 open sessions?')
  })
})
