// Seeded job logs: realistic enough for a log viewer (ANSI colours, folds, timers, `\r` progress
// lines) and deterministic, so a test can assert on any line.
import type { JobState } from './model'
import { CLEAR, ESC, NL, ansi, foldEnd, foldStart, makeRandom, preamble, timed } from './log-text'

export interface JobLogInput {
  slug: string
  branch: string
  sha: string
  os: string
  language: string
  env: string | undefined
  state: JobState
  startedAtMs: number
  seed: number
}

const SCRIPT: Record<string, { install: string; script: string }> = {
  ruby: { install: 'bundle install --jobs=3 --retry=3', script: 'bundle exec rake' },
  node_js: { install: 'npm ci', script: 'npm test' },
  python: { install: 'pip install -r requirements.txt', script: 'pytest' },
  go: { install: 'go mod download', script: 'go test ./...' },
}

function commandsFor(language: string): { install: string; script: string } {
  return SCRIPT[language] ?? { install: 'make deps', script: 'make test' }
}

function envSection(env: string | undefined): string {
  if (!env) return ''
  const exports = env
    .split(' ')
    .filter((pair) => pair.includes('='))
    .map((pair) => `$ export ${pair}`)
  return [ansi.yellow('Setting environment variables from .travis.yml'), ...exports, ''].join(NL) + NL
}

function testOutput(random: () => number, failing: boolean): string {
  const dots = Array.from({ length: 48 }, (_, i) =>
    failing && i === 31 ? `${ESC}[31mF${ESC}[0m` : `${ESC}[32m.${ESC}[0m`,
  ).join('')
  const lines = [dots, '', `Finished in ${(random() * 9 + 1).toFixed(5)} seconds (files took 0.41 seconds to load)`]
  if (failing) {
    lines.push(
      '48 examples, 1 failure',
      '',
      'Failed examples:',
      '',
      `${ESC}[31mrspec ./spec/models/session_spec.rb:42${ESC}[0m ${ESC}[36m# Session expires idle debug sessions${ESC}[0m`,
    )
  } else {
    lines.push('48 examples, 0 failures')
  }
  return lines.join(NL)
}

/** A complete log for a finished (or canceled) job. */
export function finishedJobLog(input: JobLogInput): string {
  const random = makeRandom(input.seed)
  const { install, script } = commandsFor(input.language)
  const startNs = BigInt(input.startedAtMs + 20_000) * 1_000_000n
  let out = preamble({ ...input, random }) + envSection(input.env)

  if (input.state === 'canceled') {
    out += foldStart('install') + timed(random, startNs, `$ ${install}${NL}Fetching gem metadata from https://rubygems.org/...`, 4000)
    return out + '\n\nDone: Job Cancelled\n\n'
  }
  if (input.state === 'errored') {
    out +=
      foldStart('install') +
      timed(
        random,
        startNs,
        `$ ${install}${NL}Could not fetch specs from https://rubygems.org/ due to underlying error <Net::OpenTimeout>`,
        61_000,
      ) +
      NL +
      foldEnd('install') +
      NL +
      ansi.red(`The command "${install}" failed and exited with 5 during .`) +
      NL +
      NL +
      'Your build has been stopped.' +
      NL
    return out
  }
  const failing = input.state === 'failed'
  const code = failing ? 1 : 0
  out +=
    foldStart('install') +
    timed(random, startNs, `$ ${install}${NL}Installing dependencies...${NL}Bundle complete!`, 9_000) +
    NL +
    foldEnd('install') +
    timed(random, startNs + 9_000_000_000n, `$ ${script}${NL}${testOutput(random, failing)}`, 12_000) +
    NL +
    NL +
    (failing ? ansi.red : ansi.green)(`The command "${script}" exited with ${code}.`) +
    NL +
    NL +
    `Done. Your build exited with ${code}.` +
    NL
  return out
}

/** The parts a still-running job has produced so far (no final part yet). */
export function runningJobParts(input: JobLogInput): string[] {
  const random = makeRandom(input.seed)
  const { install, script } = commandsFor(input.language)
  const startNs = BigInt(input.startedAtMs + 20_000) * 1_000_000n
  return [
    preamble({ ...input, random }),
    envSection(input.env) + foldStart('install') + timed(random, startNs, `$ ${install}${NL}Bundle complete!`, 8_000) + NL,
    foldEnd('install') + `travis_time:start:0000beef${CLEAR}$ ${script}${NL}`,
    `${ESC}[32m.${ESC}[0m${ESC}[32m.${ESC}[0m${ESC}[32m.${ESC}[0m`,
  ]
}

const bigLogCache = new Map<number, string>()

/**
 * A log of about `lines` lines (the log viewer's stress case): a long install fold, many timed
 * test groups with coloured results and `\r` progress bars. Memoised: it is identical for a
 * given size and several emulators may hold it at once.
 */
export function bigLog(lines: number, input: JobLogInput): string {
  const cached = bigLogCache.get(lines)
  if (cached !== undefined) return cached
  const random = makeRandom(input.seed)
  const out: string[] = [preamble({ ...input, random })]
  let count = out[0]!.split(NL).length
  let startNs = BigInt(input.startedAtMs + 20_000) * 1_000_000n
  out.push(foldStart('install.deps') + `$ npm ci${NL}`)
  for (let i = 0; i < Math.floor(lines / 10); i++) {
    out.push(`added package-${i} ${1 + (i % 7)}.${i % 13}.${i % 5} ${ansi.blue(`(${(random() * 90 + 10).toFixed(0)} kB)`)}${NL}`)
  }
  count += Math.floor(lines / 10) + 1
  out.push(foldEnd('install.deps'))
  let group = 0
  while (count < lines) {
    const body: string[] = [`$ npm run test -- --group=${group}`]
    const bar = [0, 25, 50, 75, 100].map((p) => `[${'#'.repeat(p / 5).padEnd(20, '.')}] ${p}%`).join('\r')
    body.push(bar)
    for (let i = 0; i < 96 && count < lines; i++, count++) {
      const ok = random() > 0.01
      const ms = Math.floor(random() * 400)
      body.push(
        ok
          ? `  ${ansi.green('✓')} group ${group} case ${i} renders line ${count} (${ms} ms)`
          : `  ${ansi.red('✗')} group ${group} case ${i} renders line ${count} (${ms} ms)`,
      )
    }
    out.push(foldStart(`test.${group}`) + timed(random, startNs, body.join(NL), 3_000) + NL + foldEnd(`test.${group}`))
    startNs += 3_000_000_000n
    count += 4
    group++
  }
  out.push(NL + ansi.green('The command "npm test" exited with 0.') + NL + NL + 'Done. Your build exited with 0.' + NL)
  const text = out.join('')
  bigLogCache.set(lines, text)
  return text
}
