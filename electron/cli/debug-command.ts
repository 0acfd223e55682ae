import type { DebugRun } from '@shared/api'
import { formatSshCommand } from '@shared/parse/ssh-command'
import type { Core } from '../core/create-core'
import { DebugRuns, type ReadyTarget } from '../core/debug/debug-runs'
import { UserError } from '../core/errors'
import { type Logger, silentLogger } from '../core/log'
import { resolveTravisUrlFor } from '../core/travis/resolve-url'
import { EXIT_FAILURE, EXIT_OK, type CliIo } from './io'
import { pickAccount } from './jobs-command'

/** What shells use for a command stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130

export interface DebugCommandOptions {
  /** A Travis job URL or a job id. */
  target: string
  account: string | undefined
  /** Shipmate's own log lines (--verbose). */
  log?: Logger
  /** Echo mode instead of quiet: the session is copied into the job log. */
  echo: boolean
  /** false for --no-restart: only follow a job already restarting in debug mode. */
  restart: boolean
}

type Outcome = { kind: 'ready'; run: DebugRun; target: ReadyTarget } | { kind: 'over'; run: DebugRun } | { kind: 'interrupted' }

/**
 * `shipmate debug JOB_URL|JOB_ID`: restarts the job in debug mode and follows it. The steps go to
 * stderr and only the SSH command to stdout, so `ssh $(shipmate debug URL)` works and a person
 * still sees the progress.
 */
export async function runDebugCommand(core: Core, options: DebugCommandOptions, io: CliIo): Promise<number> {
  const { accountId, jobId } = await resolveJob(core, options.target, options.account)
  let target: ReadyTarget | undefined
  let settle: (outcome: Outcome) => void = () => {}
  const settled = new Promise<Outcome>((resolve) => (settle = resolve))
  const runs = new DebugRuns({
    accounts: core.accounts,
    events: core.events,
    // Everything the user needs is printed from the run itself; log lines only with --verbose.
    log: options.log ?? silentLogger,
    ...(io.sleep && { sleep: io.sleep }),
    onReady: (_run, ready) => {
      target = ready
      return undefined
    },
  })
  const lines = new DebugProgressLines(!options.restart)
  const unsubscribe = core.events.on('debug.changed', (run) => {
    if (run.accountId !== accountId || run.jobId !== jobId) return
    for (const line of lines.next(run, new Date())) io.err(`${line}\n`)
    if (run.step === 'ready' && target) settle({ kind: 'ready', run, target })
    else if (run.terminal) settle({ kind: 'over', run })
  })
  try {
    const begun = options.restart ? runs.start(accountId, jobId, !options.echo, false) : runs.follow(accountId, jobId)
    const outcome = await Promise.race([begun.then(() => settled), io.interrupted().then((): Outcome => ({ kind: 'interrupted' }))])
    // Interrupted while the debug request was on its way: learn whether it went through (and stop
    // the run it started) before asking whether to cancel.
    if (outcome.kind === 'interrupted') await begun.catch(() => undefined)
    await runs.dispose()
    return await finish(outcome, { runs, accountId, jobId, io })
  } finally {
    unsubscribe()
    await runs.dispose()
  }
}

async function finish(outcome: Outcome, context: { runs: DebugRuns; accountId: string; jobId: number; io: CliIo }): Promise<number> {
  const { runs, accountId, jobId, io } = context
  if (outcome.kind === 'ready') {
    if (outcome.target.readOnly) io.err('This is a read-only session: you can watch, not type.\n')
    io.out(`${formatSshCommand(outcome.target)}\n`)
    return EXIT_OK
  }
  if (outcome.kind === 'over') {
    io.err(`shipmate: ${outcome.run.message ?? outcome.run.label}\n`)
    return EXIT_FAILURE
  }
  if (io.isTerminal && io.ask) {
    const answer = await io.ask('Cancel the job too? [y/N] ')
    if (/^y(es)?$/i.test(answer)) {
      try {
        await runs.cancelJob(accountId, jobId)
        io.err('Canceled the job.\n')
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        io.err(`shipmate: ${error.message}\n`)
      }
      return EXIT_INTERRUPTED
    }
  }
  io.err('Stopped following; the job goes on on Travis.\n')
  return EXIT_INTERRUPTED
}

async function resolveJob(core: Core, target: string, accountFlag: string | undefined): Promise<{ accountId: string; jobId: number }> {
  if (/^\d+$/.test(target)) return { accountId: await pickAccount(core, accountFlag), jobId: Number(target) }
  const resolved = await resolveTravisUrlFor(target, accountFlag, core.accounts)
  if (resolved.kind !== 'job' || resolved.jobId === undefined) {
    throw new UserError("That is a build URL, and debug mode restarts one job. List the build's jobs with `shipmate jobs URL`, then pass a job's URL or id.")
  }
  return { accountId: resolved.accountId, jobId: resolved.jobId }
}

/**
 * Turns the stream of runs into terminal lines: a heading once, then one line per step change and
 * one per new note (stuck in the queue, offline). A terminal run's message is the failure reason,
 * printed once by the caller.
 */
export class DebugProgressLines {
  private headed = false
  private lastStep: string | undefined
  private lastNote: string | undefined

  constructor(private readonly following: boolean) {}

  next(run: DebugRun, at: Date): string[] {
    const lines: string[] = []
    if (!this.headed) {
      this.headed = true
      const job = `job #${run.jobNumber} of ${run.repoSlug || 'its repository'}`
      // Following, the mode is whatever the restart asked for; the log tells only later.
      const mode = run.quiet ? 'quiet mode' : 'echo mode: what happens in the session is copied into the job log'
      lines.push(this.following ? `Following ${job}.` : `Debugging ${job} (${mode}).`)
    }
    const stamp = `[${clock(at)}]`
    if (run.step !== this.lastStep) {
      this.lastStep = run.step
      lines.push(`${stamp} ${run.label}`)
    }
    const note = run.terminal ? undefined : run.message
    if (note !== undefined && note !== this.lastNote) lines.push(`${stamp} ${note}`)
    this.lastNote = note
    return lines
  }
}

/** Local wall-clock time as HH:MM:SS. */
export function clock(at: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0')
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
}
