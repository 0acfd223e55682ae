import fc from 'fast-check'
import { describe, it } from 'vitest'
import { PLAIN_STYLE, hasControl } from '@shared/parse/ansi'
import { type LogMarker, extractLogMarkers, renderLogContent, renderLogLine } from '@shared/parse/log-line'
import { LOG_LINES, outsideText } from './samples'

const E = '\x1b'
const nameOf = (found: LogMarker): string => ('name' in found ? found.name : found.id)

/** Cursor and erase sequences with any count, the ones a one-row terminal has to model. */
const cursorPiece = fc.oneof(
  fc.tuple(fc.oneof(fc.nat({ max: 3000 }), fc.constantFrom(999999999, 1e20)), fc.constantFrom('C', 'D', 'G')).map(([n, f]) => `${E}[${n}${f}`),
  fc.constantFrom(`${E}[K`, `${E}[0K`, `${E}[1K`, `${E}[2K`, '\r', '\b', 'ab', 'x', ' ', `${E}[31m`, `${E}[0m`),
)

const markerName = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/)
const marker: fc.Arbitrary<{ text: string; kind: LogMarker['kind']; name: string; durationNs?: number }> = fc.oneof(
  fc.tuple(fc.constantFrom('fold_start', 'fold_end') as fc.Arbitrary<'fold_start' | 'fold_end'>, markerName).map(([kind, name]) => ({
    text: `travis_fold:${kind === 'fold_start' ? 'start' : 'end'}:${name}\r${E}[0K`,
    kind,
    name,
  })),
  markerName.map((name) => ({ text: `travis_time:start:${name}\r${E}[0K`, kind: 'time_start' as const, name })),
  fc.tuple(markerName, fc.nat()).map(([name, duration]) => ({
    text: `travis_time:end:${name}:start=1,finish=2,duration=${duration},event=script\r${E}[0K`,
    kind: 'time_end' as const,
    name,
    durationNs: duration,
  })),
)
/** Visible text a marker may sit between; `travis_` in it would start a marker of its own. */
const plain = fc.stringMatching(/^[ -~]{0,12}$/).filter((text) => !text.includes('travis_'))

describe('log lines from outside', () => {
  it('render without throwing, to text without controls that the segments spell out', () => {
    fc.assert(
      fc.property(outsideText(LOG_LINES), (raw) => {
        const rendered = renderLogLine(raw, PLAIN_STYLE)
        if (hasControl(rendered.text)) throw new Error('a control character in the text')
        if (rendered.segments.map((segment) => segment.text).join('') !== rendered.text) throw new Error('segments differ from text')
        for (const found of rendered.markers) {
          const name = nameOf(found)
          if (name === '' || /\s/.test(name) || name.includes(E)) throw new Error(`marker name ${JSON.stringify(name)}`)
        }
      }),
    )
  })

  it('cursor moves and erases, however large, give a row no wider than the moves allow', () => {
    fc.assert(
      fc.property(fc.array(cursorPiece, { maxLength: 20 }), (pieces) => {
        const line = pieces.join('')
        const { text } = renderLogLine(line, PLAIN_STYLE)
        if (text.length > 1024 + line.length) throw new Error(`a row of ${text.length} cells from ${line.length} characters`)
      }),
    )
  })

  it('an erase to the cursor blanks what was written before it, not what comes after', () => {
    fc.assert(
      fc.property(plain, plain, (before, after) => {
        const { text } = renderLogLine(`${before}${E}[1K${after}`, PLAIN_STYLE)
        if (text !== ' '.repeat(before.length) + after) throw new Error(`${JSON.stringify(text)}`)
      }),
    )
  })

  it('markers between text come out in order, with their names, and the text without them', () => {
    fc.assert(
      fc.property(plain, fc.array(fc.tuple(marker, plain), { maxLength: 5 }), (first, rest) => {
        const line = first + rest.map(([m, text]) => m.text + text).join('')
        const { content, markers } = extractLogMarkers(line)
        const expectedContent = first + rest.map(([, text]) => text).join('')
        if (content !== expectedContent) throw new Error(`content ${JSON.stringify(content)}`)
        let seenText = /\S/.test(first)
        rest.forEach(([expected, text], i) => {
          const found = markers[i]
          if (!found || found.kind !== expected.kind) throw new Error(`marker ${i} is ${JSON.stringify(found)}`)
          const name = nameOf(found)
          if (name !== expected.name) throw new Error(`marker ${i} named ${name}`)
          if (found.afterText !== seenText) throw new Error(`marker ${i} afterText ${found.afterText}`)
          if (found.kind === 'time_end' && found.durationNs !== expected.durationNs) throw new Error(`duration ${found.durationNs}`)
          seenText ||= /\S/.test(text)
        })
        if (markers.length !== rest.length) throw new Error(`${markers.length} markers`)
      }),
    )
  })

  it('content without escapes or controls renders as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }).filter((text) => !hasControl(text)), (text) => {
        if (renderLogContent(text, PLAIN_STYLE).text !== text) throw new Error('plain text changed')
      }),
    )
  })
})
