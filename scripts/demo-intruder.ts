// `npm run demo:intruder`: joins the demo's debug session with OpenSSH, as anyone who read the job
// log could, so the intruder alert can be seen happening.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { demoDir, demoStateFile } from './demo-dir'

let state: { port: number; token: string }
try {
  state = JSON.parse(readFileSync(demoStateFile(demoDir()), 'utf8')) as { port: number; token: string }
} catch {
  console.error('demo:intruder: no demo debug session yet. Run `npm run demo` and start "Debug job" first.')
  process.exit(1)
}
console.log(`Joining ssh -p${state.port} ${state.token.slice(0, 4)}…@127.0.0.1 as an intruder. Leave with: exit the shell, or Ctrl-B d.`)
const result = spawnSync(
  'ssh',
  ['-tt', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-p', String(state.port), `${state.token}@127.0.0.1`],
  { stdio: 'inherit' },
)
process.exit(result.status === 255 ? 0 : (result.status ?? 0))
