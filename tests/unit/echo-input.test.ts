import { describe, expect, it } from 'vitest'
import { ECHO_MAX_CHARS, echoInput } from '@shared/echo-input'

describe('echoing input back', () => {
  it('keeps short input as it is', () => {
    expect(echoInput('accounts.drop')).toBe('accounts.drop')
    expect(echoInput('x'.repeat(ECHO_MAX_CHARS))).toBe('x'.repeat(ECHO_MAX_CHARS))
  })

  it('cuts long input to the limit and says so', () => {
    expect(echoInput('x'.repeat(ECHO_MAX_CHARS + 1))).toBe(`${'x'.repeat(ECHO_MAX_CHARS)}…`)
    expect(echoInput('y'.repeat(1_000_000))).toHaveLength(ECHO_MAX_CHARS + 1)
  })

  it('counts characters, not UTF-16 units, so a cut never splits one', () => {
    const echoed = echoInput('🚢'.repeat(ECHO_MAX_CHARS + 5))
    expect(echoed).toBe(`${'🚢'.repeat(ECHO_MAX_CHARS)}…`)
  })

  it('shows control characters as replacement marks', () => {
    expect(echoInput('a\nb\u001b[2Jc\u0000\u009b')).toBe('a\uFFFDb\uFFFD[2Jc\uFFFD\uFFFD')
  })
})
