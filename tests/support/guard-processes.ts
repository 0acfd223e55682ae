import { readdir, readFile } from 'node:fs/promises'

interface Candidate {
  pid: number
  ppid: number
}

/**
 * PIDs of the session guard loops (guard-script.ts) running on a simulated tmate host, told apart
 * from other sessions' loops by the TMUX variable they inherited, which names the session's tmux
 * socket. A loop's command substitutions are forks of it with the same command line until they
 * exec `tmate`, so only loops whose parent is not a loop count.
 */
export async function guardLoopPids(socketPath: string): Promise<number[]> {
  const found: Candidate[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    const [cmdline, environ, stat] = await Promise.all(
      ['cmdline', 'environ', 'stat'].map((file) => readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => '')),
    )
    if (cmdline === undefined || environ === undefined || stat === undefined) continue
    const args = cmdline.split('\0')
    if (args[0] !== 'bash' || args[1] !== '-c' || !args[2]?.includes('#{tmate_num_clients}')) continue
    if (!environ.split('\0').some((entry) => entry.startsWith(`TMUX=${socketPath},`))) continue
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    found.push({ pid, ppid })
  }
  const pids = new Set(found.map((p) => p.pid))
  return found.filter((p) => !pids.has(p.ppid)).map((p) => p.pid)
}
