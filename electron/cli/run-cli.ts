import { parseArgs } from 'node:util'
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io'
import { USAGE } from './usage'
import { runWebCommand } from './web-command'

/** Parses the command line and runs one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.err(`shipmate: ${describeParseError(error)}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.out(USAGE)
    return EXIT_OK
  }
  if (values.version) {
    io.out(`${version}\n`)
    return EXIT_OK
  }
  if (values.web && positionals.length === 0) {
    const port = values.port === undefined ? 0 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(`shipmate: --port must be a whole number from 0 to 65535, not "${values.port}".\n\n${USAGE}`)
      return EXIT_USAGE
    }
    return runWebCommand({ port, dataDir: values['data-dir'], open: !values['no-open'], version }, io)
  }
  io.err(USAGE)
  return EXIT_USAGE
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      web: { type: 'boolean' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
}

/** Node's parseArgs messages are long and mention its own workarounds; say only what was wrong. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const option = /'(-{1,2}[^']*)'/.exec(message)?.[1]
  const code = (error as { code?: string }).code
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option} needs a value`
  return message
}
