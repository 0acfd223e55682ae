import { execFileSync } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'

interface ProcStat {
  pid: number
  ppid: number
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number
}

let ticksPerSecond: number | undefined

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100
  }
  return ticksPerSecond
}

/** Parses /proc/PID/stat; the command name may contain spaces and parentheses, so split after the last `)`. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')')
  const pid = Number.parseInt(text, 10)
  if (close < 0 || !Number.isFinite(pid)) return undefined
  // Fields after the name start at field 3 (state); ppid is field 4, utime..cstime are 14..17.
  const fields = text.slice(close + 2).split(' ')
  const num = (field: number): number => Number(fields[field - 3] ?? 0)
  return { pid, ppid: num(4), ticks: num(14) + num(15) + num(16) + num(17) }
}

async function allProcesses(): Promise<ProcStat[]> {
  const entries = await readdir('/proc')
  const stats = await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map((name) => readFile(`/proc/${name}/stat`, 'utf8').then(parseProcStat, () => undefined)),
  )
  return stats.filter((s): s is ProcStat => s !== undefined)
}

/**
 * CPU time (user + system, ms) used so far by the given processes and all their live
 * descendants, plus the children they have already reaped (cutime/cstime). Each finished process
 * is counted once, in its parent's cutime, so short-lived children such as a guard loop's
 * `sleep` and `tmate set` are included once they are waited for.
 */
export async function processTreeCpuMs(rootPids: readonly number[]): Promise<number> {
  const processes = await allProcesses()
  const children = new Map<number, ProcStat[]>()
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p])
  const byPid = new Map(processes.map((p) => [p.pid, p]))
  let ticks = 0
  const seen = new Set<number>()
  const queue = rootPids.map((pid) => byPid.get(pid)).filter((p): p is ProcStat => p !== undefined)
  while (queue.length > 0) {
    const p = queue.pop()
    if (p === undefined || seen.has(p.pid)) continue
    seen.add(p.pid)
    ticks += p.ticks
    queue.push(...(children.get(p.pid) ?? []))
  }
  return (ticks * 1000) / clockTicks()
}
