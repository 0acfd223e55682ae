import type { CliIo } from '../../electron/cli/io'

export interface CaptureOptions {
  stdin?: string
  env?: NodeJS.ProcessEnv
  /** When the "user" presses Ctrl-C; at once by default (a command that waits for it ends). */
  interrupted?: () => Promise<void>
  /** Pretend stdin is a terminal, with these answers to the questions asked, in order. */
  terminal?: { answers: string[] }
  sleep?: CliIo['sleep']
}

/** A command line run in-process: captured output, a given stdin for secrets, a given environment. */
export function captureIo(options: CaptureOptions = {}): CliIo & { stdout: string; stderr: string; questions: string[] } {
  const answers = [...(options.terminal?.answers ?? [])]
  const io: CliIo & { stdout: string; stderr: string; questions: string[] } = {
    stdout: '',
    stderr: '',
    questions: [],
    out: (text: string) => {
      io.stdout += text
    },
    err: (text: string) => {
      io.stderr += text
    },
    env: options.env ?? {},
    interrupted: options.interrupted ?? (() => Promise.resolve()),
    readSecret: async () => (options.stdin ?? '').trim(),
    isTerminal: options.terminal !== undefined,
  }
  if (options.terminal) {
    io.ask = async (question: string) => {
      io.questions.push(question)
      return answers.shift() ?? ''
    }
  }
  if (options.sleep) io.sleep = options.sleep
  return io
}
