import { describe, expect, it } from 'vitest'
import { ADVERSARIAL_CASES } from './adversarial-inputs'
import { GROWTH_LIMIT, LARGE_CHARS, SMALL_CHARS, growth, repeated } from './growth'

/**
 * Every parser meets outside text that may be long and made to hurt: a job log is whatever the
 * build printed, a status row whatever a window is named, a pasted address or command whatever is
 * on the clipboard, a WebSocket frame whatever a page sends. None of them may take quadratic time.
 */
for (const [parser, cases] of ADVERSARIAL_CASES) {
  describe(`${parser} reads a 1 MB adversarial input in linear time`, () => {
    for (const { name, unit, before = '', after = '', run } of cases) {
      it(name, () => {
        const small = repeated(unit, SMALL_CHARS, before, after)
        const large = repeated(unit, LARGE_CHARS, before, after)
        expect(growth(run, small, large)).toBeLessThan(GROWTH_LIMIT)
      })
    }
  })
}
