import type { CliIo } from '../../electron/cli/io'

/** A command line run in-process: captured output, a given stdin for secrets, a given environment. */
export function captureIo(options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      io.stdout += text
    },
    err: (text: string) => {
      io.stderr += text
    },
    env: options.env ?? {},
    interrupted: () => Promise.resolve(),
    readSecret: async () => (options.stdin ?? '').trim(),
  }
  return io
}
