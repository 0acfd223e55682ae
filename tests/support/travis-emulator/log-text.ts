// Building blocks of a Travis job log, as travis-build and travis-worker write them: lines end in
// `\r\n` (the script runs on a PTY), folds and timers are `travis_fold:*` / `travis_time:*` markers
// followed by `\r\e[0K`, and colours are the `\e[..;1m` codes of travis-build's bash helpers.

export const ESC = '\x1b'
export const NL = '\r\n'
export const CLEAR = `\r${ESC}[0K`

export const ansi = {
  yellow: (text: string): string => `${ESC}[33;1m${text}${ESC}[0m`,
  green: (text: string): string => `${ESC}[32;1m${text}${ESC}[0m`,
  red: (text: string): string => `${ESC}[31;1m${text}${ESC}[0m`,
  blue: (text: string): string => `${ESC}[34;1m${text}${ESC}[0m`,
}

export const foldStart = (name: string): string => `travis_fold:start:${name}${CLEAR}`
export const foldEnd = (name: string): string => `travis_fold:end:${name}${CLEAR}`

/** A deterministic pseudo-random source (LCG) so seeded logs are identical on every run. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 0x1_0000_0000
  }
}

export function hexId(random: () => number, length = 8): string {
  let out = ''
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16)
  return out
}

/** `travis_time:start` ... `travis_time:end` around some output, with nanosecond stamps. */
export function timed(random: () => number, startNs: bigint, body: string, durationMs: number): string {
  const id = hexId(random)
  const finishNs = startNs + BigInt(Math.round(durationMs * 1_000_000))
  const duration = finishNs - startNs
  return (
    `travis_time:start:${id}${CLEAR}` +
    body +
    `${NL}travis_time:end:${id}:start=${startNs},finish=${finishNs},duration=${duration},event=script${CLEAR}`
  )
}

export interface PreambleInput {
  slug: string
  branch: string
  sha: string
  os: string
  language: string
  startedAtMs: number
  random: () => number
}

/** Worker information, system info and the git checkout every job log starts with. */
export function preamble(input: PreambleInput): string {
  const { slug, branch, sha, os, language, random } = input
  const startNs = BigInt(input.startedAtMs) * 1_000_000n
  const progress = [10, 37, 64, 91, 100]
    .map((p) => `Receiving objects: ${String(p).padStart(3)}% (${p}/100)`)
    .join('\r')
  const lines = [
    `${foldStart('worker_info')}${ansi.yellow('Worker information')}`,
    `hostname: ${hexId(random, 8)}-${hexId(random, 4)}-${hexId(random, 4)}.travisci.net`,
    'version: v6.2.23 https://github.com/travis-ci/worker/tree/0b8e0d5',
    `instance: travis-job-${hexId(random, 8)} travis-ci-${os}-${language} (via amqp)`,
    'startup: 6.183216204s',
    `${foldEnd('worker_info')}${foldStart('system_info')}${ansi.yellow('Build system information')}`,
    `Build language: ${language}`,
    'Build group: stable',
    `Build dist: ${os === 'linux' ? 'focal' : os}`,
    `${foldEnd('system_info')}`,
    `${foldStart('git.checkout')}` +
      timed(
        random,
        startNs,
        `$ git clone --depth=50 --branch=${branch} https://github.com/${slug}.git ${slug}${NL}` +
          `Cloning into '${slug}'...${NL}` +
          `remote: Enumerating objects: 100, done.${NL}` +
          `${progress}, done.${NL}` +
          `Resolving deltas: 100% (41/41), done.`,
        1312,
      ),
    `$ cd ${slug}`,
    `$ git checkout -qf ${sha}`,
    `${foldEnd('git.checkout')}`,
  ]
  return lines.join(NL) + NL
}
