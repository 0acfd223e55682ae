import { describe, expect, it } from 'vitest'
import type { SessionState } from '@shared/types/sessions'
import { sessionStateLabel } from '@shared/session-state-label'

const every: Record<SessionState, string> = {
  connecting: 'Connecting…',
  verifying_host: 'Checking the host key…',
  authenticating: 'Signing in…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  ended: 'Ended',
  failed: 'Failed',
}

describe('sessionStateLabel', () => {
  it.each(Object.entries(every))('shows %s as %s', (state, words) => {
    expect(sessionStateLabel(state as SessionState)).toBe(words)
  })

  it('never shows an internal name', () => {
    for (const state of Object.keys(every) as SessionState[]) {
      const label = sessionStateLabel(state)
      expect(label).not.toMatch(/_/)
      expect(label).not.toBe(state)
      expect(label[0]).toBe(label[0]?.toUpperCase())
    }
  })
})
