import { spawn } from 'node:child_process'
import { join } from 'node:path'

export interface WebTerminalBaseline {
  /** The page's address, without its query. */
  readonly url: string
  readonly pid: number
  stop(): Promise<void>
}

/** Starts the baseline web terminal as a process of its own, bridged to the simulator on `simPort`. */
export async function startWebTerminalBaseline(simPort: number): Promise<WebTerminalBaseline> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'server.ts'), String(simPort)], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stderr: string[] = []
  child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text))
  const url = await new Promise<string>((resolve, reject) => {
    let seen = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      seen += text
      const match = /^web terminal baseline: (\S+)$/m.exec(seen)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`the baseline web terminal exited with ${code}: ${stderr.join('')}`)))
  })
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
