import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fc from 'fast-check'
import type { SshTarget } from '@shared/parse/ssh-command'

/**
 * Real inputs (the parse fixtures and the shapes the parse tests check) and ways to bend them: the
 * fuzz tests feed the parsers arbitrary text, and text that is almost what they expect, which is
 * where a parser's assumptions break.
 */

const fixture = (name: string): string => readFileSync(resolve(__dirname, '../../fixtures/parse', name), 'utf8')

export const LOGS: readonly string[] = [fixture('debug-quiet-job.txt'), fixture('docs-debug-mode.txt')]

/** Single lines of the logs above, with their escapes and `\r`. */
export const LOG_LINES: readonly string[] = LOGS.flatMap((log) => log.split('\n')).filter((line) => line !== '')

export const SSH_COMMANDS: readonly string[] = [
  'ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io',
  'ssh -p2200 SUPERSECURETOKENFORDEVENV@127.0.0.1',
  'ssh -p 2200 SUPERSECURETOKENFORDEVENV@127.0.0.1',
  'ssh SUPERSECURETOKENFORDEVENV@127.0.0.1 -p 2200',
  'ssh ro-Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io',
  'ssh octocat/widget-debug@nyc1.tmate.io',
  'ssh SUPERSECURETOKENFORDEVENV@::1',
  'ssh://SUPERSECURETOKENFORDEVENV@[::1]:2200',
  'ssh://octocat%2Fwidget-debug@nyc1.tmate.io',
  '$ ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io',
  '\x1b[32;1mssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io\x1b[0m\r\n',
  'ssh -o StrictHostKeyChecking=no Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io',
  'ssh SUPERSECURETOKENFORDEVENV@localhost:2200',
  'ssh $(cat token)@nyc1.tmate.io',
]

/** Status rows as a headless terminal gives them, padded to its width. */
export const STATUS_ROWS: readonly string[] = [
  '0:bash*',
  '0:bash- 1:bash*',
  '0:bash  1:bash* 2:bash-',
  '0:my build* 1:bash-',
  '0:bash# 1:vim*Z 2:top!- 3:tail~ 4:log#M',
  '0:bash* ⟦mates:2⟧ ',
  '0:bash- ⟦mates:1⟧ 1:vim* ⟦mates:1⟧ >',
  '0:bash  ⟦mates:?⟧ 1:my build* ⟦mates:?⟧ ',
  '[0] 0:bash* 1:bash- 2:bash              "vm" 23:47 27-Nov-26',
  '[0] <h- 5:bash* 6:b> "vm" 23:47 27-Nov-26',
  '<ash- 5:bash* 6:vim ',
  '0:bash- |G:2| 1:vim* |G:2| ',
  '[tmate] Session shared: ssh -p2200 ro-Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io',
  'kill-window bash? (y/n)',
  '│····························(size 80x24 from a smaller client)',
].map((row) => row.padEnd(120, ' '))

export const TRAVIS_URLS: readonly string[] = [
  'https://app.travis-ci.com/github/octo/widget/jobs/612345678',
  'https://app.travis-ci.com/github/octo/widget/builds/268314159/config',
  'https://travis-ci.com/octo/widget/jobs/612345678',
  'https://travis-ci.org/#!/alibaba/pouch/jobs/308880940',
  '<https://app.travis-ci.com/github/octo/widget/jobs/612345678>',
  'app.travis-ci.com/github/octo/widget/jobs/612345678?serverType=git#L120',
  'https://travis.example.com/github/octo/widget/jobs/43',
  'localhost:4100/github/octo/widget/jobs/7',
  'https://app.travis-ci.com/github/octo/wid%E0get/jobs/1',
  'https://api.travis-ci.com/v3/job/612345678/log.txt',
]

export const WIRE_MESSAGES: readonly string[] = [
  '{"type":"hello","secret":"k2JqW9xN"}',
  '{"type":"request","id":1,"method":"accounts.list"}',
  '{"type":"request","id":7,"method":"sessions.input","args":{"sessionId":"s1","data":"ls\\r"}}',
  '{"type":"request","id":9007199254740991,"method":"debug.start","args":{"accountId":"acc","jobId":1,"quiet":true,"cancelFirst":false}}',
]

/** Characters and words the parsers give meaning to, so random text hits their branches often. */
const MEANINGFUL = [
  '\x1b', '\x1b[', '\x1b]', '\x1b\\', '\x07', '[', ']', ';', ':', 'm', 'K', 'C', 'D', 'G', '0', '1', '38;5;', '9999999999',
  '\r', '\n', '\r\n', '\b', '\t', '\0', '\x7f', ' ', '@', '%', '%E0', '/', '//', '?', '#', '#!', '<', '>', '"', '\\', '$', '`',
  '-', '-p', '*', '!', '~', 'M', 'Z', '|', '(', ')', '⟦mates:', '⟧', '\uE000', '·', '│', '(size 80x24 from a smaller client)',
  'travis_fold:start:', 'travis_fold:end:', 'travis_time:start:', 'travis_time:end:', ',duration=', 'ssh ', 'ssh://',
  'Use the following SSH command to access the interactive debugging environment:', 'Done. Your build exited with ',
  'https://', 'app.travis-ci.com', '/github/', '/jobs/', '/builds/', '{', '}', '"type"', '"request"', '\uD800', '😀', 'é',
]

const meaningfulText = fc.array(fc.constantFrom(...MEANINGFUL), { maxLength: 30 }).map((parts) => parts.join(''))

/** Any text at all: random code units (lone surrogates too), random graphemes, and mixes of what parsers look for. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  meaningfulText,
)

type Edit = { kind: 'insert' | 'delete' | 'repeat' | 'cut'; at: number; length: number; text: string }

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'repeat', 'cut'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 12 }),
  text: fc.oneof(fc.constantFrom(...MEANINGFUL), fc.string({ unit: 'binary', maxLength: 4 })),
})

function applyEdit(text: string, { kind, at, length, text: inserted }: Edit): string {
  const pos = at % (text.length + 1)
  switch (kind) {
    case 'insert':
      return text.slice(0, pos) + inserted + text.slice(pos)
    case 'delete':
      return text.slice(0, pos) + text.slice(pos + length)
    case 'repeat':
      return text.slice(0, pos + length) + text.slice(pos, pos + length).repeat(3) + text.slice(pos + length)
    case 'cut':
      return text.slice(0, pos)
  }
}

/** A real sample with a few edits: a character or word inserted, a piece deleted or repeated, the end cut off. */
export function nearMiss(samples: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...samples), fc.array(edit, { minLength: 1, maxLength: 4 }))
    .map(([sample, edits]) => edits.reduce(applyEdit, sample))
}

/** Any text, or a near miss of one of `samples`. */
export function outsideText(samples: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(anyText, nearMiss(samples))
}

/** Tokens tmate hands out: letters, digits, `-`, `_` and `/`, more than two of them; `ro-` for read-only ones. */
export const tmateToken = fc.stringMatching(/^(ro-)?[A-Za-z0-9_/][A-Za-z0-9_/-]{2,40}$/)
/** Anything made of the characters tmate allows in a token, even where it would not put them. */
export const tokenShaped = fc.stringMatching(/^[A-Za-z0-9_/-]{1,20}$/)
const hostLabel = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/)
/** Host names, IPv4 and IPv6 addresses as tmate prints them. */
export const host = fc.oneof(
  fc.array(hostLabel, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')).filter((name) => !/^[\d.]+$/.test(name)),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.')),
  fc.constantFrom('::1', 'fe80::1', '2001:db8::7'),
)
export const sshTarget: fc.Arbitrary<SshTarget> = fc.record({ token: tmateToken, host, port: fc.integer({ min: 1, max: 65535 }) })
