import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

/** What a command may touch of the outside world, so tests can run commands in-process. */
export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  env: NodeJS.ProcessEnv
  /** Resolves when the user interrupts (Ctrl-C) or the process is asked to stop. */
  interrupted: () => Promise<void>
  /** Reads a secret: all of stdin when it is piped, or a prompt with echo off on a terminal. */
  readSecret: (prompt: string) => Promise<string>
  /** A person is at the keyboard (stdin is a terminal), so a command may ask before acting. */
  isTerminal?: boolean
  /** Asks one question on the terminal and resolves with the answer ('' on Ctrl-C or end of input). */
  ask?: (question: string) => Promise<string>
  /** How a command waits between polls; absent means real time (tests pass a faster clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

export function nodeIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    interrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      }),
    readSecret: (prompt) => (process.stdin.isTTY ? promptHidden(prompt) : readAll(process.stdin)),
    isTerminal: process.stdin.isTTY === true,
    ask: promptLine,
  }
}

function promptLine(question: string): Promise<string> {
  const reader = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
  return new Promise((resolve) => {
    let answered = false
    const finish = (answer: string): void => {
      if (answered) return
      answered = true
      reader.close()
      resolve(answer.trim())
    }
    // In raw mode readline takes Ctrl-C itself; it means "no" here, not "hang".
    reader.on('SIGINT', () => {
      process.stderr.write('\n')
      finish('')
    })
    reader.on('close', () => finish(''))
    reader.question(question, finish)
  })
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += String(chunk)
  return text.trim()
}

function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt)
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() })
  const reader = createInterface({ input: process.stdin, output: muted, terminal: true })
  return new Promise((resolve) => {
    reader.question('', (answer) => {
      reader.close()
      process.stderr.write('\n')
      resolve(answer.trim())
    })
  })
}
