import fc from 'fast-check'
import { describe, it } from 'vitest'
import { maskToken, maskedCommand, screenMask, scrub } from '../../../electron/core/sessions/mask'
import { anyText, host, tmateToken } from './samples'

/** Where a second copy of `token` can begin inside a first one (its length when nowhere inside). */
function overlaps(token: string): number[] {
  const inside = Array.from({ length: token.length - 1 }, (_, i) => i + 1).filter((at) => token.startsWith(token.slice(at)))
  return inside.length > 0 ? inside : [token.length]
}

/** Text around a token as an error message or a screen may have it: anything, pieces of the token, the token again. */
function textAround(token: string): fc.Arbitrary<string> {
  const piece = fc.oneof(
    anyText,
    fc.constant(token),
    // Two copies of the token, the second begun inside the first where its end repeats its start.
    fc.constantFrom(...overlaps(token)).map((at) => token.slice(0, at) + token),
    fc.tuple(fc.nat(token.length), fc.nat(token.length)).map(([a, b]) => token.slice(Math.min(a, b), Math.max(a, b))),
  )
  return fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''))
}

/** Tokens that begin the way they end, so two copies of one can overlap. */
const overlapping = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9]{1,6}$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/))
  .map(([edge, middle]) => edge + middle + edge)
  .filter((token) => token.length > 2)

describe('masking a session token', () => {
  it('never shows the token, in any of its masked forms', () => {
    fc.assert(
      fc.property(fc.oneof(tmateToken, overlapping), host, fc.integer({ min: 1, max: 65535 }), (token, hostName, port) => {
        for (const masked of [maskToken(token), maskedCommand({ token, host: hostName, port }), screenMask(token)]) {
          if (masked.includes(token)) throw new Error(`${JSON.stringify(masked)} shows the token`)
        }
        if (screenMask(token).length !== token.length) throw new Error('the screen mask changes the width')
      }),
    )
  })

  it('scrubbing leaves no copy of the token in any text, even where copies overlap', () => {
    fc.assert(
      fc.property(
        fc.oneof(tmateToken, overlapping).chain((token) => fc.tuple(fc.constant(token), textAround(token))),
        ([token, text]) => {
          const scrubbed = scrub(text, token)
          if (scrubbed.includes(token)) throw new Error(`${JSON.stringify(scrubbed)} still holds the token`)
        },
      ),
    )
  })
})
