// The exact text a debug build writes to the job log, one function per line so the
// timeline can emit them as separate log parts.
import type { JobState, OsName } from './model'
import { ESC, NL, ansi } from './log-text'

export interface SshTarget {
  host: string
  port: number
  token: string
}

/** tmate-ssh-server's `ssh%s %s@%s`: ` -p<port>` only when the port is not 22, no space after -p. */
export function sshCommand(target: SshTarget): string {
  return target.port === 22 ? `ssh ${target.token}@${target.host}` : `ssh -p${target.port} ${target.token}@${target.host}`
}

const TRAVIS_HOME: Record<OsName, string> = {
  linux: '/home/travis',
  osx: '/Users/travis',
  windows: '/c/Users/travis',
}

export const debugLines = {
  initiated: (login: string): string => ansi.yellow(`Debug build initiated by ${login}`) + NL,
  settingUp: (): string => ansi.yellow('Setting up debug tools.') + NL,
  /** macOS only: tmate is installed with brew, announced by this line (travis_debug_install). */
  brewTmate: (): string => `We are setting up the debug environment. This may take a while...${NL}`,
  preparing: (): string => `Preparing debug sessions.${NL}`,
  // Since travis-build #1905 the redirection sits inside the echoed quotes, so it is printed.
  alias: (os: OsName): string => `alias tmate='/usr/bin/tmate -S /tmp/tmate.sock' >> ${TRAVIS_HOME[os]}/.bashrc${NL}`,
  useFollowing: (): string =>
    ansi.yellow('Use the following SSH command to access the interactive debugging environment:') + NL,
  ssh: (target: SshTarget): string => ansi.green(sshCommand(target)) + NL,
  /** The SSH line cut in two, as a log part boundary may cut it. */
  sshSplit: (target: SshTarget): [string, string] => {
    const whole = debugLines.ssh(target)
    const cut = whole.indexOf(target.token) + Math.ceil(target.token.length / 2)
    return [whole.slice(0, cut), whole.slice(cut)]
  },
  // Both end with a stray reset: the script echoes them with a trailing `\e[0m`.
  quietMode: (): string => `This build is running in quiet mode. No session output will be displayed.${ESC}[0m${NL}`,
  echoMode: (): string => `Output from the interactive session will be shown below:${ESC}[0m${NL}`,
  dot: (): string => '.',
  notAvailable: (): string => ansi.red('The debug environment is not available. Please contact support.') + NL,
  /** travis-worker's own footer on cancel (plain `\n`: the worker writes it, not the PTY). */
  cancelled: (): string => '\n\nDone: Job Cancelled\n\n',
}

/**
 * Exit code the reset_state stage leaves behind; errored terminates without the usual footer. It
 * has no branch for a cancelled job (cancel, then debug): the footer's default result, 86, stays.
 */
function exitCodeFor(previous: JobState): number | null {
  if (previous === 'passed') return 0
  if (previous === 'failed') return 1
  if (previous === 'errored') return null
  return 86
}

/** The state a finished debug job lands in: its previous state (a canceled one has no branch). */
export function finalStateFor(previous: JobState): JobState {
  return previous === 'passed' || previous === 'failed' || previous === 'errored' ? previous : 'errored'
}

/**
 * Everything after the session: the newline ending the dots (or the echoed session), an empty
 * line, the skip notice, reset_state's empty line and notice, then the footer.
 */
export function trailer(previous: JobState, afterSession: boolean): string[] {
  const code = exitCodeFor(previous)
  const parts = [
    (afterSession ? NL : '') + NL + ansi.yellow('All remaining steps, including caching and deploy, will be skipped.') + NL,
    NL + ansi.yellow(`This is a debug build. The build result is reset to its previous value, "${previous}".`) + NL,
  ]
  if (code !== null) parts.push(`${NL}Done. Your build exited with ${code}.${NL}`)
  return parts
}
