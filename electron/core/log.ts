export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/**
 * Writes one line per entry to a stream (stderr by default). Callers pass messages, never secrets:
 * nothing here can know what a token looks like, so the rule is kept where the message is written.
 */
export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const line = (level: string, message: string) => write(`${new Date().toISOString()} ${level} ${message}\n`)
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message, error) => {
      const detail = error instanceof Error ? ` (${error.name}: ${error.message})` : ''
      line('error', message + detail)
    },
  }
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
