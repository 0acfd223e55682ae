import { execFile } from 'node:child_process'

export interface CommandResult {
  stdout: string
  stderr: string
  /** Exit status; `null` when the process died from a signal. */
  code: number | null
}

/** Runs a program to completion and reports its output whatever the exit status was. */
export function runCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number' && error.signal == null) {
        reject(error)
        return
      }
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ stdout, stderr, code })
    })
  })
}
