import { existsSync, readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * How a parser's running time grows from a 100 KB input to a 1 MB input of the same pattern. A
 * linear parser takes about ten times as long; one that backtracks or rescans what it has read
 * takes about a hundred times as long, so the ratio tells them apart on any machine, however fast.
 */

export const SMALL_CHARS = 100_000
export const LARGE_CHARS = 1_000_000

/** Well above the ~10 of a linear parser and its noise, well below the ~100 of a quadratic one. */
export const GROWTH_LIMIT = 40

const SAMPLES = 2
/** A sample repeats a quick run until it lasts this long, so reading the clock is a small part of it. */
const MIN_SAMPLE_MS = 10

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as (options?: { type: 'major' | 'minor' }) => void

const SCHEDSTAT = '/proc/thread-self/schedstat'
const sleepCell = new Int32Array(new SharedArrayBuffer(4))
/**
 * CPU time of this thread alone where Linux tells it, else wall time. The machines that run the
 * suite are shared: wall time counts whatever else runs at the moment, and the process's CPU time
 * counts the garbage collector's helper threads. The first field of schedstat is the thread's time
 * on a CPU in nanoseconds, brought up to date when the thread leaves the CPU, which a 1 ms sleep
 * makes it do.
 */
const now: () => number = existsSync(SCHEDSTAT)
  ? () => {
      Atomics.wait(sleepCell, 0, 0, 1)
      return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ', 1)[0]) / 1e6
    }
  : () => performance.now()

/** `unit` repeated to `chars` characters, between `before` and `after`. */
export function repeated(unit: string, chars: number, before = '', after = ''): string {
  return flat(before + unit.repeat(Math.ceil(chars / unit.length)) + after)
}

/**
 * The fastest run on `large` over the fastest run on `small`. The fastest, not the median: noise
 * only ever adds time. Garbage is collected before each sample, so a run does not pay for the
 * garbage of the runs before it (a parser that keeps a million small objects would otherwise
 * measure the collector's schedule rather than its own work); the young generation is enough
 * between samples, the whole heap once per case.
 */
export function growth(run: (input: string) => unknown, small: string, large: string): number {
  collectGarbage()
  run(small)
  const once = wallTime(run, small)
  const smallReps = repsFor(once)
  // A linear parser takes ten times as long on the large input: one run of it is long enough
  // unless even that is short.
  const largeReps = once * 10 >= MIN_SAMPLE_MS ? 1 : repsFor(wallTime(run, large))
  const smallTimes: number[] = []
  const largeTimes: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    smallTimes.push(timed(run, small, smallReps) / smallReps)
    largeTimes.push(timed(run, large, largeReps) / largeReps)
  }
  return Math.min(...largeTimes) / Math.min(...smallTimes)
}

function wallTime(run: (input: string) => unknown, input: string): number {
  const start = performance.now()
  run(input)
  return performance.now() - start
}

function repsFor(onceMs: number): number {
  return onceMs >= MIN_SAMPLE_MS ? 1 : Math.min(200, Math.ceil(MIN_SAMPLE_MS / Math.max(onceMs, 0.05)))
}

function timed(run: (input: string) => unknown, input: string, reps: number): number {
  collectGarbage({ type: 'minor' })
  const start = now()
  for (let i = 0; i < reps; i++) run(input)
  return now() - start
}

/**
 * A sequential copy of `text`: `repeat` and `+` build rope strings that V8 flattens on first use,
 * which would be timed as part of the first run.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string
}
