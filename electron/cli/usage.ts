import { EXIT_USAGE, type CliIo } from './io'

/** Each command's lines of the usage text, so `shipmate COMMAND --help` and a usage error show just that part. */
export const COMMAND_USAGE = {
  web: `  shipmate --web [--port N] [--data-dir DIR] [--no-open]
      Serve Shipmate to your browser on 127.0.0.1 until interrupted.
`,
  accounts: `  shipmate accounts list
  shipmate accounts add --endpoint URL
      The token is read from stdin, or asked for without echo on a terminal; never an argument.
  shipmate accounts remove ID
`,
  jobs: `  shipmate jobs URL|OWNER/REPO#NUMBER|BUILD_ID [--account ID]
      The jobs of a build: from a Travis build or job URL, the repository and build number as
      Travis's web page shows them (alice/app#104), or a build id.
`,
  debug: `  shipmate debug JOB_URL|JOB_ID [--account ID] [--echo] [--no-restart]
      Restart a finished job in debug mode, follow it, and print its SSH command on stdout (the
      steps go to stderr). Quiet mode unless --echo, which copies the session into the job log.
      --no-restart only follows a job already restarting in debug mode. Ctrl-C stops waiting and,
      on a terminal, offers to cancel the job.
`,
  watch: `  shipmate watch "SSH COMMAND" [--trust-host-key SHA256:...]
      Join a tmate session, start the session guard, and print one line per event (time, event,
      clients connected) until Ctrl-C. An unknown host key is asked about on a terminal; without
      one it is refused unless --trust-host-key names its fingerprint.
`,
} as const

export type CommandName = keyof typeof COMMAND_USAGE

const COMMON = `Every command takes --data-dir DIR (or SHIPMATE_DATA_DIR) and uses the app's keychain;
--verbose also prints Shipmate's own log lines on stderr.
Exit codes: 0 ok, 1 failure (with a one-line reason), 2 usage, 130 interrupted.
`

export const USAGE = `Usage:
${Object.values(COMMAND_USAGE).join('')}  shipmate [COMMAND] --help | --version

${COMMON}`

/** The usage of one command, as `shipmate COMMAND --help` prints it. */
export function commandUsage(command: CommandName): string {
  return `Usage:
${COMMAND_USAGE[command]}
${COMMON}`
}

/** A usage error: what was wrong, then the usage of that command (or of all of them); exit 2. */
export function usage(io: CliIo, problem: string | undefined, command?: CommandName): number {
  const text = command ? commandUsage(command) : USAGE
  io.err(problem ? `shipmate: ${problem}\n\n${text}` : text)
  return EXIT_USAGE
}
