import type { DebugPreflight, DebugRun } from '@shared/api'
import { PROGRESS_STEPS, STOPPED_FOLLOWING_LABEL } from '@shared/parse/job-progress'
import { findSshLine } from '@shared/parse/ssh-line'
import type { Accounts } from '../accounts/accounts'
import { describe } from '../accounts/endpoints'
import { UserError, isUserError } from '../errors'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import type { LiveConfig } from '../travis/live-config'
import type { V3Job } from '../travis/v3-types'
import { type DebugApi, countedApi } from './debug-api'
import { unsupportedOs } from './eligibility'
import { cancelJob, deleteLog } from './job-actions'
import { isActive, snapshotOf } from './job-snapshot'
import { type LiveConnector, pusherConnector } from './live-log'
import { NO_SSH_COMMAND_YET, READ_ONLY_ENDPOINT, alreadyFollowing, notRunning, stillActive } from './messages'
import { DEFAULT_POLL_SETTINGS, type PollSettings } from './poll-schedule'
import { preflight } from './preflight'
import { cancelAndWait, requestDebug } from './restart'
import { RunStore, type RunEntry } from './run-store'
import { type Sleep, sleep as realSleep } from '../timing'
import { type OnReady, Watcher } from './watcher'

export type { OnReady, ReadyTarget } from './watcher'

export interface DebugRunsDeps {
  accounts: Accounts
  events: EventHub
  log: Logger
  now?: () => Date
  sleep?: Sleep
  /** Called once when the SSH line is found; returns the session id the UI should show. */
  onReady?: OnReady
  poll?: Partial<PollSettings>
  /** How the live log channel is reached (pusher-js by default); false: always poll. */
  live?: LiveConnector | false
}

/** A cancel normally shows within seconds; past this the user is told to try again later. */
const CANCEL_TIMEOUT_MS = 60_000

const FIRST_STEP = PROGRESS_STEPS[0] ?? { step: 'restarting', label: 'Restarting the job' }

/**
 * Debug runs: restarting a job in debug mode, following it to its SSH line, and the job actions
 * the debug view and the alerts offer (cancel, delete the log). The core's `debug.*` and `jobs.*`
 * handlers call these methods one to one.
 */
export class DebugRuns {
  private readonly deps: DebugRunsDeps
  private readonly store: RunStore
  private readonly settings: PollSettings
  private readonly now: () => Date
  private readonly sleep: Sleep
  /** Jobs whose debug request is on its way, so a double click cannot send two. */
  private readonly starting = new Set<string>()
  /** Each API's live channel settings, asked for once: they are the same for every job and user. */
  private readonly liveConfigs = new Map<string, LiveConfig | undefined>()

  constructor(deps: DebugRunsDeps) {
    this.deps = deps
    this.store = new RunStore(deps.events)
    this.settings = { ...DEFAULT_POLL_SETTINGS, ...deps.poll }
    this.now = deps.now ?? (() => new Date())
    this.sleep = deps.sleep ?? realSleep
  }

  preflight(accountId: string, jobId: number): Promise<DebugPreflight> {
    return this.deps.accounts.withClient(accountId, (client, account) =>
      preflight(countedApi(client, () => {}), accountId, jobId, account.login, describe(account.apiUrl).readOnly),
    )
  }

  /**
   * Restarts the job in debug mode (cancelling it first when asked and still running), then
   * returns the new run at once and follows it in the background. Fails with Travis's reason,
   * in words, when the restart is refused.
   */
  async start(accountId: string, jobId: number, quiet: boolean, cancelFirst: boolean): Promise<DebugRun> {
    const key = `${accountId}#${jobId}`
    const existing = this.store.activeFor(accountId, jobId)
    if (existing || this.starting.has(key)) throw new UserError(alreadyFollowing(existing?.run.jobNumber ?? String(jobId)), 'already_following')
    this.starting.add(key)
    try {
      let requests = 0
      const before = await this.deps.accounts.withClient(accountId, async (client, account) => {
        if (describe(account.apiUrl).readOnly) throw new UserError(READ_ONLY_ENDPOINT, 'read_only_endpoint')
        const api = countedApi(client, () => (requests += 1))
        let job = await api.job(jobId)
        // Refused here too, not only in the preflight: the CLI and a stale dialog come straight to start.
        const refusal = unsupportedOs(job)
        if (refusal !== undefined) throw new UserError(refusal, 'unsupported_os')
        // Travis's answer for a job that has not even been queued is its "insufficient credit
        // balance" 403, which would send the user to billing: say what it is instead.
        if (!cancelFirst && job.state === 'created') throw new UserError(stillActive(job.number ?? String(jobId), 'created'), 'job_not_finished')
        const canceling = cancelFirst && isActive(job.state)
        if (canceling) {
          job = await cancelAndWait({ api, sleep: this.sleep, now: this.now, pollMs: this.settings.waitingMs, cancelTimeoutMs: CANCEL_TIMEOUT_MS }, job)
        }
        // Before the request, so that following the restart live costs nothing after it.
        const live = await this.liveConfig(client.apiUrl, api)
        await requestDebug(api, jobId, quiet)
        // A job that finished by itself before the cancel took keeps its result to restore.
        return { job, live, canceled: canceling && job.state === 'canceled' }
      })
      const entry = this.createRun(accountId, before.job, quiet, requests, before.canceled)
      this.deps.log.info(`debug: job ${jobId} restarted in debug mode (${quiet ? 'quiet' : 'echo'})`)
      this.launch(entry, before.job, this.settings.waitingMs, before.live)
      return { ...entry.run }
    } finally {
      this.starting.delete(key)
    }
  }

  /**
   * Follows a job that is already restarting in debug mode (started elsewhere: the web UI, the
   * travis CLI, another Shipmate). Aborting `signal` stops following, as `dismiss` does.
   */
  async follow(accountId: string, jobId: number, opts: { signal?: AbortSignal } = {}): Promise<DebugRun> {
    const existing = this.store.activeFor(accountId, jobId)
    if (existing) return { ...existing.run }
    let requests = 0
    const { job, live } = await this.deps.accounts.withClient(accountId, async (client) => {
      const api = countedApi(client, () => (requests += 1))
      const job = await api.job(jobId)
      // A job that is not running is refused before anything else is asked of Travis.
      if (!isActive(job.state)) throw new UserError(notRunning(job.number ?? String(jobId), job.state ?? 'created'), 'job_not_running')
      return { job, live: await this.liveConfig(client.apiUrl, api) }
    })
    // Quiet until the log says otherwise: quiet is what Shipmate and travis-web send.
    const entry = this.createRun(accountId, job, true, requests)
    this.launch(entry, job, 0, live)
    opts.signal?.addEventListener('abort', () => this.stop(entry), { once: true })
    return { ...entry.run }
  }

  list(): DebugRun[] {
    return this.store.list()
  }

  log(runId: string): { text: string } {
    return { text: this.store.get(runId).text }
  }

  /**
   * The SSH command in full, token and all: only for the user's explicit click on "Copy SSH
   * command" (or "Show"), the one way the whole token leaves the core.
   */
  sshCommand(runId: string): { command: string } {
    const entry = this.store.get(runId)
    const ssh = findSshLine(entry.raw, { jobFinished: false }).ssh
    if (!ssh) throw new UserError(NO_SSH_COMMAND_YET, 'no_ssh_command')
    this.deps.log.info(`debug: the SSH command of job ${entry.run.jobId} was handed out at the user's request`)
    return { command: ssh.command }
  }

  /** Forgets a run; a run still being followed stops polling (the job itself goes on). */
  dismiss(runId: string): void {
    this.stop(this.store.get(runId))
  }

  async cancelJob(accountId: string, jobId: number): Promise<void> {
    const entry = this.store.activeFor(accountId, jobId)
    await this.deps.accounts.withClient(accountId, (client) =>
      cancelJob(
        countedApi(client, () => {
          if (entry) entry.run.requests += 1
        }),
        jobId,
      ),
    )
    if (entry) entry.canceledByUser = true
    // Look again now rather than at the next slow poll, so the stepper shows the cancel.
    entry?.wake()
  }

  async deleteLog(accountId: string, jobId: number): Promise<void> {
    const shown = await this.deps.accounts.withClient(accountId, (client) => deleteLog(countedApi(client, () => {}), jobId))
    if (shown === undefined) return
    for (const entry of this.store.all()) {
      if (entry.run.accountId === accountId && entry.run.jobId === jobId) this.store.showLog(entry, shown)
    }
  }

  async dispose(): Promise<void> {
    const entries = this.store.all()
    for (const entry of entries) entry.controller.abort()
    await Promise.all(entries.map((entry) => entry.done))
  }

  private createRun(accountId: string, job: V3Job, quiet: boolean, requests: number, canceledFirst = false): RunEntry {
    return this.store.create({
      accountId,
      jobId: job.id,
      jobNumber: job.number ?? String(job.id),
      repoSlug: job.repository?.slug ?? '',
      quiet,
      ...(canceledFirst && { canceledFirst }),
      step: FIRST_STEP.step,
      label: FIRST_STEP.label,
      index: 0,
      terminal: false,
      requests,
      startedAt: this.now().toISOString(),
    })
  }

  /**
   * The live channel's settings for an API, read once; undefined when it has none, or (not
   * remembered, so asked again next time) when the question failed: the run then polls.
   */
  private async liveConfig(apiUrl: string, api: DebugApi): Promise<LiveConfig | undefined> {
    if (this.deps.live === false) return undefined
    if (this.liveConfigs.has(apiUrl)) return this.liveConfigs.get(apiUrl)
    try {
      const config = await api.liveConfig()
      this.liveConfigs.set(apiUrl, config)
      if (!config) this.deps.log.info(`debug: ${new URL(apiUrl).host} announces no live log channel; debug runs poll the log`)
      return config
    } catch (error) {
      this.deps.log.warn(`debug: could not read where the live log channel is (${error instanceof Error ? error.name : 'unknown'}); polling`)
      return undefined
    }
  }

  /** Starts the watcher; one client (one keychain read) serves the whole run. */
  private launch(entry: RunEntry, before: V3Job, firstDelayMs: number, liveConfig: LiveConfig | undefined): void {
    const { accounts, log, onReady } = this.deps
    // No config when live is turned off (see liveConfig), so no channel either.
    const connect = this.deps.live || pusherConnector
    // travis-logs publishes a private repository's parts on its private channel only.
    const live = liveConfig && { connect, config: liveConfig, privateChannel: liveConfig.privateChannels || before.private === true }
    entry.done = accounts
      .withClient(entry.run.accountId, (client) =>
        new Watcher({
          api: countedApi(client, () => (entry.run.requests += 1)),
          store: this.store,
          entry,
          before: snapshotOf(before),
          settings: this.settings,
          now: this.now,
          sleep: this.sleep,
          log,
          onReady,
          ...(live && { live }),
        }).run(firstDelayMs),
      )
      .catch((error: unknown) => {
        if (entry.run.terminal || entry.controller.signal.aborted) return
        if (!isUserError(error)) log.error(`debug: following job ${entry.run.jobId} failed`, error)
        const message = isUserError(error) ? error.message : 'Shipmate stopped following the job after an unexpected error; the details are in its log.'
        this.store.update(entry, { step: 'errored', label: STOPPED_FOLLOWING_LABEL, terminal: true, message })
      })
  }

  private stop(entry: RunEntry): void {
    entry.controller.abort()
    this.store.remove(entry.run.id)
  }
}
