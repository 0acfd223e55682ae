import { PLAIN_STYLE, stripAnsi, styleAfter, toSegments } from '@shared/parse/ansi'
import { extractLogMarkers, renderLogLine } from '@shared/parse/log-line'
import { parseSshCommand } from '@shared/parse/ssh-command'
import { findSshLine } from '@shared/parse/ssh-line'
import { findFiller, findSizeNotice, parseStatusRow } from '@shared/parse/status-row'
import { TravisLog, parseTravisLog } from '@shared/parse/travis-log'
import { resolveTravisUrl } from '@shared/parse/travis-url'
import { validateRequest } from '@shared/schemas'
import { parseClientMessage } from '@shared/wire'

/**
 * Long runs of what each parser's patterns look for, never completed the way they expect: where a
 * backtracking regex, or a loop that goes back over what it has read, turns quadratic.
 */
export interface AdversarialCase {
  readonly name: string
  /** Repeated to the wanted length. */
  readonly unit: string
  readonly before?: string
  readonly after?: string
  readonly run: (input: string) => unknown
}

const E = '\x1b'
const PROMPT = 'Use the following SSH command to access the interactive debugging environment:'
const render = (text: string): unknown => renderLogLine(text, PLAIN_STYLE)

const ansi: AdversarialCase[] = [
  { name: 'CSI openings without a final byte', unit: `${E}[`, run: (s) => toSegments(s) },
  { name: 'OSC openings without a terminator', unit: `${E}]`, run: (s) => toSegments(s) },
  { name: 'one huge SGR sequence', unit: '38;5;208;', before: `${E}[`, after: 'mx', run: (s) => toSegments(s) },
  { name: 'escapes without a kind, for stripAnsi', unit: `${E}${E}[`, run: (s) => stripAnsi(s) },
  { name: 'CSI openings, for styleAfter', unit: `${E}[1`, run: (s) => styleAfter(s, PLAIN_STYLE) },
]

const logLine: AdversarialCase[] = [
  { name: 'fold start markers run together', unit: 'travis_fold:start:', run: render },
  { name: 'timer markers between blanks', unit: 'travis_time:start:a ', run: render },
  { name: 'a timer end whose fields never finish', unit: ',duration=', before: 'travis_time:end:a:', run: (s) => extractLogMarkers(s) },
  { name: 'carriage returns over a progress bar', unit: '37%\r', run: render },
  { name: 'cursor moves far to the right and back', unit: `${E}[999999999Cx${E}[99999999999999999999Gy`, run: render },
  { name: 'an erase to the cursor after each character', unit: `x${E}[1K`, run: render },
]

const travisLog: AdversarialCase[] = [
  { name: 'an unfinished line of fold starts', unit: 'travis_fold:start:', after: ' x', run: (s) => parseTravisLog(s) },
  { name: 'a fold start on every line', unit: `travis_fold:start:a\r${E}[0K\n`, run: (s) => parseTravisLog(s) },
  { name: 'fold ends that match no open fold', unit: 'travis_fold:start:a\ntravis_fold:end:b\n', run: (s) => parseTravisLog(s) },
  {
    name: 'a long line that arrives in 1 KB chunks',
    unit: 'x',
    run: (s) => {
      const log = new TravisLog()
      for (let at = 0; at < s.length; at += 1024) log.append(s.slice(at, at + 1024))
      return log.partialLine
    },
  },
]

const sshLine: AdversarialCase[] = [
  { name: 'the prompt on every line', unit: `${PROMPT}\n`, run: (s) => findSshLine(s, { jobFinished: false }) },
  { name: 'ssh repeated on the line after the prompt', unit: 'ssh ', before: `${PROMPT}\n`, after: '\n', run: (s) => findSshLine(s, { jobFinished: false }) },
  {
    name: 'a silence footer that never ends',
    unit: 'x',
    before: 'No output has been received in the last ',
    after: '\n',
    run: (s) => findSshLine(s, { jobFinished: true }),
  },
]

const sshCommand: AdversarialCase[] = [
  { name: 'ssh repeated', unit: 'ssh ', run: (s) => parseSshCommand(s) },
  { name: '@@@@', unit: '@', before: 'ssh ', run: (s) => parseSshCommand(s) },
  { name: 'host:port pieces', unit: 'a:', before: 'ssh token@', run: (s) => parseSshCommand(s) },
  { name: 'deeply repeated % in an ssh:// token', unit: '%', before: 'ssh://', after: '@h', run: (s) => parseSshCommand(s) },
  { name: '[[[[ in an ssh:// host', unit: '[', before: 'ssh://token@', run: (s) => parseSshCommand(s) },
]

const statusRow: AdversarialCase[] = [
  { name: '⟦mates: repeated', unit: ' ⟦mates:', run: (s) => parseStatusRow(s) },
  { name: 'guard separators between windows', unit: '0:a ⟦mates:1⟧ ', run: (s) => parseStatusRow(s) },
  { name: '[[[[', unit: '[', run: (s) => parseStatusRow(s) },
  { name: 'quotes of an error message', unit: "'", run: (s) => parseStatusRow(s) },
  { name: 'one name of flag characters', unit: '#!~*-MZ', before: '0:', run: (s) => parseStatusRow(s) },
  { name: 'an unknown separator', unit: '0:a*|', run: (s) => parseStatusRow(s, '|') },
  { name: 'size notices that never finish, for findFiller', unit: '(size 1x', run: (s) => findFiller(s) },
  { name: 'a size notice with long numbers', unit: '9', before: '(size 1x', run: (s) => findSizeNotice(s) },
]

const travisUrl: AdversarialCase[] = [
  { name: '<<<<', unit: '<', run: (s) => resolveTravisUrl(s) },
  { name: 'deeply repeated %', unit: '%', before: 'https://app.travis-ci.com/github/o/r/jobs/', run: (s) => resolveTravisUrl(s) },
  { name: 'a long host', unit: 'a.', before: 'https://', after: '/github/o/r/jobs/1', run: (s) => resolveTravisUrl(s, ['https://travis.example.com/api']) },
]

const wire: AdversarialCase[] = [
  { name: '[[[[', unit: '[', run: (s) => parseClientMessage(s) },
  { name: 'objects inside objects', unit: '{"a":', run: (s) => parseClientMessage(s) },
  { name: 'escapes in a string', unit: '\\u001b', before: '{"type":"request","id":1,"method":"', after: '"}', run: (s) => parseClientMessage(s) },
  { name: 'a long method name, for validateRequest', unit: 'a', run: (s) => validateRequest(s, {}) },
]

export const ADVERSARIAL_CASES: ReadonlyArray<readonly [parser: string, cases: readonly AdversarialCase[]]> = [
  ['ansi', ansi],
  ['log-line', logLine],
  ['travis-log', travisLog],
  ['ssh-line', sshLine],
  ['ssh-command', sshCommand],
  ['status-row', statusRow],
  ['travis-url', travisUrl],
  ['wire and schemas', wire],
]
