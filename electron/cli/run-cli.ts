import { parseArgs } from 'node:util'
import { echoInput } from '@shared/echo-input'
import { UserError } from '../core/errors'
import { runAccountsCommand } from './accounts-command'
import { runDebugCommand } from './debug-command'
import { EXIT_FAILURE, EXIT_OK, type CliIo } from './io'
import { runJobsCommand } from './jobs-command'
import { cliLogger, openCore } from './open-core'
import { commandUsage, type CommandName, USAGE, usage } from './usage'
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
  const [command, ...rest] = positionals
  if (values.help) {
    io.out(isCommand(command) ? commandUsage(command) : USAGE)
    return EXIT_OK
  }
  if (values.version) {
    io.out(`${version}\n`)
    return EXIT_OK
  }
  if (values.web) {
    if (positionals.length > 0) return usage(io, `--web takes no command ("${echoInput(positionals.join(' '))}")`)
    const port = values.port === undefined ? 0 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(io, `--port must be a whole number from 0 to 65535, not "${echoInput(values.port ?? '')}"`)
    return runWebCommand({ port, dataDir: values['data-dir'], open: !values['no-open'], version }, io)
  }
  if (!isCommand(command) || command === 'web') return usage(io, command ? `unknown command "${echoInput(positionals.join(' '))}"` : undefined)
  if (command !== 'accounts') {
    if (rest.length === 0) return usage(io, NEEDS[command], command)
    if (rest.length > 1) return usage(io, `${command} takes one ${NOUN[command]}, not "${echoInput(rest.join(' '))}"${command === 'watch' ? ': put the SSH command in quotes' : ''}`, command)
  }
  try {
    const core = await openCore(io, values['data-dir'], version, 'cli', values.verbose === true)
    try {
      if (command === 'accounts') return await runAccountsCommand(core, rest, values.endpoint, io)
      if (command === 'watch') return await runWatchCommand(core, { command: rest[0] ?? '', trustHostKey: values['trust-host-key'] }, io)
      if (command === 'debug') {
        const options = {
          target: rest[0] ?? '',
          account: values.account,
          echo: values.echo === true,
          restart: values['no-restart'] !== true,
          log: cliLogger(io, values.verbose === true),
        }
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

const NOUN: Record<Exclude<CommandName, 'web' | 'accounts'>, string> = { jobs: 'build', debug: 'job', watch: 'SSH command' }

const NEEDS: Record<Exclude<CommandName, 'web' | 'accounts'>, string> = {
  jobs: 'jobs needs a build: a Travis build or job URL, OWNER/REPO#NUMBER, or a build id',
  debug: 'debug needs a job: a Travis job URL or a job id',
  watch: 'watch needs the SSH command to join, in quotes (as the job log prints it: "ssh TOKEN@HOST")',
}

function isCommand(name: string | undefined): name is CommandName {
  return name === 'accounts' || name === 'jobs' || name === 'debug' || name === 'watch'
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
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
}

/**
 * Node's parseArgs messages are long and mention its own workarounds; say only what was wrong, with
 * the option shortened (a pasted blob is not worth printing back).
 */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const option = /'(-{1,2}[^' ]*)/.exec(message)?.[1]
  const code = (error as { code?: string }).code
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${echoInput(option)}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${echoInput(option)} needs a value`
  return echoInput(message)
}
