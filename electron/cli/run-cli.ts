import { parseArgs } from 'node:util'
import { UserError } from '../core/errors'
import { runAccountsCommand } from './accounts-command'
import { runDebugCommand } from './debug-command'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './io'
import { runJobsCommand } from './jobs-command'
import { openCore } from './open-core'
import { USAGE } from './usage'
import { runWatchCommand } from './watch-command'
import { runWebCommand } from './web-command'

/** Parses the command line and runs one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    return usage(io, describeParseError(error))
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
  if (values.web) {
    if (positionals.length > 0) return usage(io, `--web takes no command ("${positionals.join(' ')}")`)
    const port = values.port === undefined ? 0 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(io, `--port must be a whole number from 0 to 65535, not "${values.port}"`)
    return runWebCommand({ port, dataDir: values['data-dir'], open: !values['no-open'], version }, io)
  }
  const [command, ...rest] = positionals
  const known = command === 'accounts' || ((command === 'jobs' || command === 'debug' || command === 'watch') && rest.length === 1)
  if (!known) return usage(io, command ? `unknown command "${positionals.join(' ')}"` : undefined)
  try {
    const core = await openCore(io, values['data-dir'], version, 'cli')
    try {
      if (command === 'accounts') return await runAccountsCommand(core, rest, values.endpoint, io)
      if (command === 'watch') return await runWatchCommand(core, { command: rest[0] ?? '', trustHostKey: values['trust-host-key'] }, io)
      if (command === 'debug') {
        const options = { target: rest[0] ?? '', account: values.account, echo: values.echo === true, restart: values['no-restart'] !== true }
        return await runDebugCommand(core, options, io)
      }
      return await runJobsCommand(core, rest[0] ?? '', values.account, io)
    } finally {
      await core.dispose()
    }
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`shipmate: ${error.message}\n`)
      return EXIT_FAILURE
    }
    throw error
  }
}

function usage(io: CliIo, problem: string | undefined): number {
  io.err(problem ? `shipmate: ${problem}\n\n${USAGE}` : USAGE)
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
      endpoint: { type: 'string' },
      account: { type: 'string' },
      echo: { type: 'boolean' },
      'no-restart': { type: 'boolean' },
      'trust-host-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
}

/** Node's parseArgs messages are long and mention its own workarounds; say only what was wrong. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const option = /'(-{1,2}[^' ]*)/.exec(message)?.[1]
  const code = (error as { code?: string }).code
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option} needs a value`
  return message
}
