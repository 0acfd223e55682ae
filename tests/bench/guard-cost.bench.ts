import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { guardLine } from '../../electron/core/alerts/guard-script'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'
import { type Benchmark, type Figure, round } from './harness'

/** Long enough for ~60 polls per session, short enough to run with the other benchmarks. */
const MEASURE_MS = 30_000
/** After the marker shows: the typed line's own `clear` and the first publish are not the steady state. */
const WARM_UP_MS = 2_000
const GOAL_PERCENT = 2

interface Variant {
  label: string
  /** The line to type, or undefined for the baseline session without a guard. */
  line: string | undefined
  note: string
}

/**
 * The loop as typed calls `tmate`, which in the simulator is a bash script in front of tmux: two
 * programs per call where a tmate host runs one. Calling the simulator's tmux directly gives the
 * closer estimate of a real host; the `sleep` variant shows what bash's `read -t` pause saves.
 */
function variants(): Variant[] {
  const typed = guardLine('bash', 'bench1')
  const native = typed.replaceAll('tmate ', 'tmux ').replace('#{tmate_num_clients}', '#{@tmate_num_clients}')
  const withSleep = typed.replace('read -t.5 -u3;(($?>128))||sleep 1', 'sleep .5')
  if (native === typed || withSleep === typed) throw new Error('guard line changed: update the benchmark variants')
  return [
    { label: 'guard as typed (simulator tmate = bash shim + tmux)', line: typed, note: 'upper bound: two execs per poll' },
    { label: 'guard, one client binary per poll (tmux direct)', line: native, note: 'closest to a real tmate host' },
    { label: 'guard pausing with a sleep process', line: withSleep, note: 'what read -t saves' },
    { label: 'no guard (baseline)', line: undefined, note: 'same session, idle shell' },
  ]
}

interface Measured {
  variant: Variant
  paneMs: number
  serverMs: number
  elapsedMs: number
}

/** CPU a session's panes (the guard loop and everything it forks) and its tmux server use while idle. */
async function measure(sim: TmateSim, variant: Variant): Promise<Measured> {
  const session = await sim.createSession()
  const viewer = await Ssh2Viewer.connect({ port: sim.port, token: session.token, cols: 120, rows: 32 })
  try {
    await viewer.pressQ()
    await viewer.screen.waitForText(/^travis@sim:~\$ ?$/m)
    if (variant.line !== undefined) {
      viewer.send(`${variant.line}\r`)
      await viewer.screen.waitForLastRow(/⟦mates:1@bench1⟧/, 10_000)
    }
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS))
    const start = { pane: await session.paneCpuTimeMs(), server: await serverCpuMs(session), at: Date.now() }
    await new Promise((resolve) => setTimeout(resolve, MEASURE_MS))
    const end = { pane: await session.paneCpuTimeMs(), server: await serverCpuMs(session), at: Date.now() }
    return { variant, paneMs: end.pane - start.pane, serverMs: end.server - start.server, elapsedMs: end.at - start.at }
  } finally {
    viewer.close()
    await session.end()
  }
}

/** The tmux server's own CPU time (utime + stime), without its children: the panes are counted apart. */
async function serverCpuMs(session: TmateSimSession): Promise<number> {
  const stat = await readFile(`/proc/${session.serverPid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks()
}

let ticks: number | undefined
function clockTicks(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  return ticks
}

const percent = (ms: number, elapsedMs: number): number => (ms / elapsedMs) * 100

/** CPU ms of starting one trivial program here: what each poll's fork and exec cost scales with. */
async function execCostMs(): Promise<number> {
  const runs = 200
  const before = await childrenCpuMs()
  execFileSync('bash', ['-c', `for ((i = 0; i < ${runs}; i++)); do /bin/true; done`])
  return ((await childrenCpuMs()) - before) / runs
}

/** This process's reaped children's CPU time (cutime + cstime). */
async function childrenCpuMs(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks()
}

/**
 * The session guard's CPU cost on the host, as a share of one core, for each variant side by side
 * with a session that runs no guard, all measured over the same 30 s. The goal is < 2 % of one core
 * (over 60 s; the share does not depend on the window). Ratios are against that goal: the baseline
 * is close to zero.
 */
export const guardCostBench: Benchmark = {
  name: 'session guard CPU cost',
  async run() {
    const sim = await startTmateSim()
    try {
      const perExec = await execCostMs()
      // Side by side, so every variant sees the same machine load.
      const results = await Promise.all(variants().map((variant) => measure(sim, variant)))
      const baseline = results.find((result) => result.variant.line === undefined)
      const baselinePane = baseline === undefined ? undefined : round(percent(baseline.paneMs, baseline.elapsedMs), 3)
      const figures: Figure[] = [
        {
          figure: 'CPU to fork and exec /bin/true once on this machine',
          value: round(perExec, 3),
          unit: 'ms',
          note: 'a poll costs a few of these: scale the figures below by it to compare machines',
        },
      ]
      for (const result of results) {
        const pane = round(percent(result.paneMs, result.elapsedMs), 3)
        const server = round(percent(result.serverMs, result.elapsedMs), 3)
        figures.push({
          figure: `host CPU: ${result.variant.label}`,
          value: pane,
          unit: '% of one core',
          ...(baselinePane === undefined || result === baseline ? {} : { baseline: baselinePane }),
          ratio: round(pane / GOAL_PERCENT),
          goal: `< ${GOAL_PERCENT} % of one core`,
          note:
            `${result.variant.note}; ${round(result.paneMs, 0)} ms in the panes + ${round(result.serverMs, 0)} ms (${server} %) ` +
            `in the tmux server over ${round(result.elapsedMs / 1000, 1)} s`,
        })
      }
      return figures
    } finally {
      await sim.close()
    }
  },
}
