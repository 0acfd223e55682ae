import { readdir, readFile } from 'node:fs/promises'

interface Candidate {
  pid: number
  ppid: number
}

/**
 * PIDs of the session guard loops (guard-script.ts) running on a simulated tmate host, told apart
 * from other sessions' loops by the TMUX variable they inherited, which names the session's tmux
 * socket. A loop's forks (for `tmate set`, its coprocess) have its command line until they exec,
 * so only loops whose parent is not a loop count.
 */
export async function guardLoopPids(socketPath: string): Promise<number[]> {
  const found = (await guardProcesses(socketPath)).filter((p) => p.args[0] === 'bash' && p.args[1] === '-c')
  const pids = new Set(found.map((p) => p.pid))
  return found.filter((p) => !pids.has(p.ppid)).map((p) => p.pid)
}

/** Every process of a host's guard: its loops, their forks and their `sh` coprocesses. */
export async function guardProcessPids(socketPath: string): Promise<number[]> {
  return (await guardProcesses(socketPath)).map((p) => p.pid)
}

async function guardProcesses(socketPath: string): Promise<(Candidate & { args: string[] })[]> {
  const found: (Candidate & { args: string[] })[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    const [cmdline, environ, stat] = await Promise.all(
      ['cmdline', 'environ', 'stat'].map((file) => readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => '')),
    )
    if (cmdline === undefined || environ === undefined || stat === undefined) continue
    const args = cmdline.split('\0')
    if (!args.some((arg) => arg.includes('#{tmate_num_clients}'))) continue
    if (!environ.split('\0').some((entry) => entry.startsWith(`TMUX=${socketPath},`))) continue
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    found.push({ pid, ppid, args })
  }
  return found
}
