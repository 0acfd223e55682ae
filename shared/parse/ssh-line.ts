import { PLAIN_STYLE } from './ansi'
import { renderLogLine } from './log-line'
import { parseSshCommand } from './ssh-command'

/**
 * Reads a debug job's log for the tmate SSH command and for how far the debug set-up has got.
 * The texts are travis-build's: its `travis_debug` prints
 *
 *     Debug build initiated by <login>
 *     Setting up debug tools.
 *     Preparing debug sessions.
 *     alias tmate='/usr/bin/tmate -S /tmp/tmate.sock' >> /home/travis/.bashrc
 *     Use the following SSH command to access the interactive debugging environment:
 *     ssh <TOKEN>@<host>
 *     This build is running in quiet mode. No session output will be displayed.
 *
 * Only lines whose newline has arrived are read: a log polled while the SSH line is being written
 * may end in half a token, and a half token would connect to nothing.
 */

export type DebugLogStep =
  | 'initiated'
  | 'setting_up'
  | 'preparing'
  | 'ssh_prompt'
  | 'ssh_line'
  | 'quiet_mode'
  | 'echo_mode'
  | 'session_over'
  | 'footer'

export interface FoundSsh {
  readonly token: string
  readonly host: string
  readonly port: number
  readonly readOnly: boolean
  /** In tmate's own form: `ssh -pPORT TOKEN@HOST`, or without `-p` for port 22. */
  readonly command: string
}

export interface SshLineResult {
  readonly state: 'waiting' | 'found' | 'not_available' | 'finished_without_line'
  readonly ssh?: FoundSsh
  readonly mode?: 'quiet' | 'echo'
  readonly initiatedBy?: string
  /** Each step once, in the order the log showed it. */
  readonly stepsSeen: readonly DebugLogStep[]
  /** What stood where the SSH command belongs when it was not one (e.g. tmate printed nothing). */
  readonly unexpectedLine?: string
  /** From `Done. Your build exited with N.` */
  readonly exitCode?: number
}

export interface SshLineOptions {
  /** The job has reached a finished state and this log is its final text. */
  readonly jobFinished: boolean
}

const PROMPT = 'Use the following SSH command to access the interactive debugging environment:'
const INITIATED = /^Debug build initiated by (.+)$/
const ALIAS = /^alias tmate=/
const EXIT_FOOTER = /^Done\. Your build exited with (\d+)\.$/
const STEP_LINES: ReadonlyArray<[RegExp, DebugLogStep]> = [
  [/^Setting up debug tools\.$/, 'setting_up'],
  // macOS images install tmate with brew first.
  [/^We are setting up the debug environment\./, 'setting_up'],
  [/^Preparing debug sessions\.$/, 'preparing'],
  [/^This build is running in quiet mode\./, 'quiet_mode'],
  [/^Output from the interactive session will be shown below:/, 'echo_mode'],
  [/^All remaining steps, including caching and deploy, will be skipped\.$/, 'session_over'],
  [/^This is a debug build\. The build result is reset to its previous value/, 'session_over'],
  // travis-worker's own endings: cancel, time limit, silence.
  [/^Done: Job Cancelled$/, 'footer'],
  [/^The job exceeded the maximum time limit for jobs, and has been terminated\./, 'footer'],
  [/^No output has been received in the last \S+, this potentially indicates a stalled build/, 'footer'],
]
const NOT_AVAILABLE = 'The debug environment is not available. Please contact support.'

/** Cheap test before a line is rendered: most lines of a long log are none of these. */
const WORTH_READING =
  /Debug build initiated|debug tools|debug environment|debug sessions|SSH command|quiet mode|interactive session|remaining steps|This is a debug build|Done[.:]|exceeded the maximum|No output has been received/

export function findSshLine(log: string, options: SshLineOptions): SshLineResult {
  const steps: DebugLogStep[] = []
  const see = (step: DebugLogStep): void => {
    if (!steps.includes(step)) steps.push(step)
  }
  let initiatedBy: string | undefined
  let ssh: FoundSsh | undefined
  let unexpectedLine: string | undefined
  let exitCode: number | undefined
  let notAvailable = false
  let awaitingSsh = false

  let from = 0
  for (let nl = log.indexOf('\n'); nl >= 0; nl = log.indexOf('\n', from)) {
    const raw = log.slice(from, nl)
    from = nl + 1
    if (!awaitingSsh && !WORTH_READING.test(raw)) continue
    const text = renderLogLine(raw, PLAIN_STYLE).text.trim()

    if (awaitingSsh) {
      if (text === '' || ALIAS.test(text)) continue
      awaitingSsh = false
      const parsed = text.startsWith('ssh') ? parseSshCommand(text) : undefined
      if (parsed?.ok) {
        ssh = { token: parsed.token, host: parsed.host, port: parsed.port, readOnly: parsed.readOnly, command: parsed.command }
        see('ssh_line')
        continue
      }
      unexpectedLine = text
    }

    if (ssh === undefined && text === PROMPT) {
      see('ssh_prompt')
      awaitingSsh = true
      continue
    }
    const initiated = INITIATED.exec(text)
    if (initiated) {
      initiatedBy ??= initiated[1]?.trim()
      see('initiated')
      continue
    }
    if (text === NOT_AVAILABLE) {
      notAvailable = true
      continue
    }
    const exit = EXIT_FOOTER.exec(text)
    if (exit) {
      exitCode = Number(exit[1])
      see('footer')
      continue
    }
    for (const [pattern, step] of STEP_LINES) {
      if (pattern.test(text)) see(step)
    }
  }

  const modeStep = steps.find((step) => step === 'quiet_mode' || step === 'echo_mode')
  const mode = modeStep === 'quiet_mode' ? 'quiet' : modeStep === 'echo_mode' ? 'echo' : undefined
  const state = ssh
    ? 'found'
    : notAvailable
      ? 'not_available'
      : steps.includes('footer') || options.jobFinished
        ? 'finished_without_line'
        : 'waiting'
  return {
    state,
    stepsSeen: steps,
    ...(ssh && { ssh }),
    ...(mode && { mode }),
    ...(initiatedBy !== undefined && { initiatedBy }),
    ...(unexpectedLine !== undefined && { unexpectedLine }),
    ...(exitCode !== undefined && { exitCode }),
  }
}
