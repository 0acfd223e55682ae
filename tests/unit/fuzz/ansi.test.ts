import fc from 'fast-check'
import { describe, it } from 'vitest'
import { PLAIN_STYLE, applySgr, isControl, isSgr, sameStyle, scanAnsi, stripAnsi, styleAfter, toSegments } from '@shared/parse/ansi'
import { LOG_LINES, anyText, outsideText } from './samples'

const ESC = '\x1b'
const withoutControls = (text: string): string =>
  Array.from({ length: text.length }, (_, i) => text.charAt(i))
    .filter((ch) => !isControl(ch.charCodeAt(0)))
    .join('')

/** Parameters of an SGR sequence as logs and terminals write them, well formed or not. */
const sgrParams = fc
  .array(fc.oneof(fc.nat({ max: 300 }).map(String), fc.constantFrom('', '38', '48', '5', '2', '4:3', '38:2::1:2:3', '38:5', '99999999999999999999', ':')), {
    maxLength: 8,
  })
  .map((parts) => parts.join(';'))

describe('ANSI scanning of outside text', () => {
  it('never throws, and reports every character once, as text or inside a sequence', () => {
    fc.assert(
      fc.property(outsideText(LOG_LINES), (input) => {
        let texts = ''
        scanAnsi(input, {
          text(run) {
            texts += run
          },
          csi(params, final) {
            if (final.length !== 1) throw new Error(`final byte ${JSON.stringify(final)}`)
            if (params.includes(ESC)) throw new Error('an escape inside CSI parameters')
          },
        })
        if (texts.includes(ESC)) throw new Error('an escape reported as text')
        if (texts.length > input.length) throw new Error('more text than input')
      }),
    )
  })

  it('stripAnsi leaves no escape, and leaves text without escapes as it is', () => {
    fc.assert(
      fc.property(outsideText(LOG_LINES), (input) => {
        const stripped = stripAnsi(input)
        if (stripped.includes(ESC)) throw new Error('an escape survived')
        if (!input.includes(ESC) && stripped !== input) throw new Error('plain text changed')
      }),
    )
  })

  it('toSegments shows the stripped text without controls, in non-empty runs of differing styles', () => {
    fc.assert(
      fc.property(outsideText(LOG_LINES), (input) => {
        const { segments } = toSegments(input)
        if (segments.map((segment) => segment.text).join('') !== withoutControls(stripAnsi(input))) throw new Error('text differs')
        segments.forEach((segment, i) => {
          if (segment.text === '') throw new Error('an empty segment')
          const previous = segments[i - 1]
          if (previous && sameStyle(previous.style, segment.style)) throw new Error('two neighbours share a style')
        })
      }),
    )
  })

  it('applySgr takes any parameters, and colours stay in range', () => {
    fc.assert(
      fc.property(fc.oneof(sgrParams, anyText), (params) => {
        const style = applySgr(applySgr(PLAIN_STYLE, '1;31'), params)
        for (const color of [style.fg, style.bg]) {
          if (color?.kind === 'indexed' && !(color.index >= 0 && color.index <= 255)) throw new Error(`index ${color.index}`)
          if (color?.kind === 'rgb' && ![color.r, color.g, color.b].every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
            throw new Error('rgb out of range')
          }
        }
        isSgr(params, 'm')
      }),
    )
  })

  it('styleAfter agrees with the style toSegments ends in, for the SGR sequences logs carry', () => {
    const piece = fc.oneof(
      sgrParams.map((params) => `${ESC}[${params}m`),
      fc.constantFrom('text', ' ', `${ESC}[0K`, `${ESC}[`, '\r'),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const line = pieces.join('')
        if (!sameStyle(styleAfter(line, PLAIN_STYLE), toSegments(line).style)) throw new Error('styles differ')
      }),
    )
  })
})
