import { describe, expect, it } from 'vitest'
import { splitMessage } from '../../renderer/src/features/common/error-text'
import { finishedTime } from '../../renderer/src/features/common/format'
import { pasteLines, pastePreview } from '../../renderer/src/features/terminal/paste-lines'

describe('pasteLines', () => {
  it('counts the lines a shell runs: a newline at the end ends the last line', () => {
    expect(pasteLines('echo one\necho two\n')).toEqual(['echo one', 'echo two'])
    expect(pasteLines('echo one\necho two')).toEqual(['echo one', 'echo two'])
    expect(pasteLines('echo one\r\necho two\r\n')).toEqual(['echo one', 'echo two'])
    expect(pasteLines('a\n\nb\n')).toEqual(['a', '', 'b'])
    expect(pasteLines('one line\n')).toEqual(['one line'])
  })

  it('previews the first lines, cut to a readable length, and says how many more there are', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n'
    expect(pastePreview(text)).toEqual({ lines: Array.from({ length: 12 }, (_, i) => `line ${i}`), more: 8 })
    expect(pastePreview(`${'x'.repeat(300)}\ny`).lines[0]).toBe(`${'x'.repeat(200)}…`)
  })
})

describe('splitMessage', () => {
  it('keeps a short message whole', () => {
    expect(splitMessage('That passphrase was wrong.')).toEqual({ head: 'That passphrase was wrong.', rest: undefined })
  })

  it('shows the first sentence of a long one and keeps the rest', () => {
    const message =
      'This is not a web address. Shipmate understands build and job pages: https://app.travis-ci.com/github/OWNER/REPO/builds/N or …/jobs/N, and more.'
    expect(splitMessage(message)).toEqual({
      head: 'This is not a web address.',
      rest: 'Shipmate understands build and job pages: https://app.travis-ci.com/github/OWNER/REPO/builds/N or …/jobs/N, and more.',
    })
  })

  it('does not cut inside "e.g." or an address', () => {
    const message = `Paste the address of a Travis CI build or job page, e.g. https://app.travis-ci.com/github/alice/app/builds/12345678 from the browser's address bar.`
    expect(splitMessage(message).rest).toBeUndefined()
  })
})

describe('finishedTime', () => {
  const now = Date.parse('2026-12-04T12:00:00Z')
  it('says when a finished build finished', () => {
    expect(finishedTime('2026-12-04T11:57:00Z', '2026-12-04T11:50:00Z', now)).toBe('3 minutes ago')
  })

  it('says a running build started, never that it finished', () => {
    expect(finishedTime(null, '2026-12-04T11:55:00Z', now)).toBe('started 5 minutes ago')
    expect(finishedTime(null, null, now)).toBe('not started')
  })
})
