/**
 * The packaged app has Electron's run-as-Node fuse off, so the `shipmate` command installed with it
 * (the deb's /usr/bin/shipmate) starts the app binary itself. A command line that asks for the CLI
 * (`shipmate accounts list`, `shipmate --web`, `shipmate --help`) then runs the CLI in the main
 * process instead of opening a window; anything else (no arguments, a link, Chromium's switches)
 * starts the desktop app.
 */
const COMMANDS = new Set(['accounts', 'jobs', 'debug', 'watch'])
const CLI_FLAGS = new Set(['--web', '--help', '-h', '--version'])
/** Options that may come before the command, with whether they take a value. */
const LEADING_OPTIONS = new Map([
  ['--data-dir', true],
  ['--verbose', false],
])

/** The CLI's arguments when this command line asks for the CLI, else undefined. */
export function cliInvocation(argv: readonly string[], defaultApp: boolean): string[] | undefined {
  // Electron's argv: the executable, then (in development only) the app folder, then the user's.
  const args = argv.slice(defaultApp ? 2 : 1)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    const takesValue = LEADING_OPTIONS.get(arg)
    if (takesValue !== undefined) {
      if (takesValue) i++
      continue
    }
    return COMMANDS.has(arg) || CLI_FLAGS.has(arg) ? [...args] : undefined
  }
  return undefined
}
