import fc from 'fast-check'
import { describe, it } from 'vitest'
import { TravisLog, parseTravisLog } from '@shared/parse/travis-log'
import { LOGS, LOG_LINES, outsideText } from './samples'

/** What a parsed log shows, in a form two parses can be compared by. */
function shown(log: { lines: readonly { text: string }[]; partialLine: { text: string } | undefined; folds: unknown; timers: unknown }): string {
  return JSON.stringify({ lines: log.lines.map((line) => line.text), partial: log.partialLine?.text, folds: log.folds, timers: log.timers })
}

/** Places to cut a text into chunks, as a log arrives in parts of any size. */
const cuts = fc.array(fc.nat(), { maxLength: 8 })
function chunksOf(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b)
  return [0, ...points].map((from, i) => text.slice(from, points[i] ?? text.length))
}

const logText = fc.oneof(
  outsideText([...LOGS, ...LOG_LINES]),
  fc.array(outsideText(LOG_LINES), { maxLength: 12 }).map((lines) => lines.join('\n')),
)

describe('a Travis log from outside', () => {
  it('parses without throwing, into folds that lie inside the log', () => {
    fc.assert(
      fc.property(logText, (text) => {
        const { lines, folds, timers } = parseTravisLog(text)
        for (const fold of folds) {
          if (fold.start < 0 || fold.start > lines.length || fold.depth < 0) throw new Error(`fold ${JSON.stringify(fold)}`)
          if (fold.end !== undefined && (fold.end < fold.start || fold.end >= lines.length)) throw new Error(`fold ${JSON.stringify(fold)}`)
        }
        for (const timer of timers) {
          if (timer.line < 0 || timer.line > lines.length) throw new Error(`timer ${JSON.stringify(timer)}`)
          if (timer.durationMs !== undefined && !(timer.durationMs >= 0)) throw new Error(`timer ${JSON.stringify(timer)}`)
        }
      }),
    )
  })

  it('comes out the same however it is cut into chunks', () => {
    fc.assert(
      fc.property(logText, cuts, (text, at) => {
        const log = new TravisLog()
        for (const chunk of chunksOf(text, at)) log.append(chunk)
        if (shown(log) !== shown(parseTravisLog(text))) throw new Error('chunked parse differs')
      }),
    )
  })

  it('comes out the same when polled whole, one longer text after another', () => {
    fc.assert(
      fc.property(logText, cuts, (text, at) => {
        const log = new TravisLog()
        let sofar = ''
        for (const chunk of chunksOf(text, at)) {
          sofar += chunk
          if (log.sync(sofar).reset) throw new Error('a continuation was taken for a new log')
        }
        if (shown(log) !== shown(parseTravisLog(text))) throw new Error('polled parse differs')
      }),
    )
  })

  it('starts over when a polled log is not a continuation, as after a restart', () => {
    fc.assert(
      fc.property(logText, logText, (first, second) => {
        const log = new TravisLog()
        log.sync(first)
        log.sync(second)
        if (shown(log) !== shown(parseTravisLog(second))) throw new Error('the new log kept something of the old one')
      }),
    )
  })
})
