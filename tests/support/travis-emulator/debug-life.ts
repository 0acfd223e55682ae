// The asynchronous half of debug/restart/cancel: what travis-hub and a worker do after the API
// answered 202. Nothing changes at once (an immediate GET still shows the old state); then the
// job is reset to `created` with its log cleared in place (200, content null, no parts), goes
// `queued` -> `received` -> `started`, and the log fills part by part with the lines a debug build prints.
// A debug job stays in its session until the test ends it (or cancels the job).
import { EventEmitter } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import { refreshBuild } from './build-state'
import { type SshTarget, debugLines, finalStateFor, trailer } from './debug-lines'
import { type DebugScript, resolveSsh } from './debug-script'
import { makeRandom, preamble } from './log-text'
import { FINISHED_STATES, type JobRecord, type JobState, type UserRecord } from './model'
import type { JobLifecycle } from './service'
import { finishedJobLog } from './seed-logs'
import type { Store } from './store'

export interface TimelineOptions {
  /** Pause between two state changes or log parts. */
  stepMs: number
  /**
   * The pause for each step taken while the job is in a phase, where it differs from `stepMs`. On
   * Travis the phases differ a lot: a VM boot (`received`) takes tens of seconds and is often the
   * longest wait, while hub and API steps take a second or two.
   */
  phaseMs?: Partial<Record<LifePhase, number>>
  /** Quiet mode prints one more `.` this often while the session lives (60 s on Travis). */
  dotEveryMs: number
}

export type LifePhase =
  | 'accepted'
  | 'created'
  | 'queued'
  | 'received'
  | 'started'
  | 'ssh-ready'
  | 'session'
  | 'finished'
  | 'canceled'

export interface LifeInfo {
  kind: 'debug' | 'restart'
  phase: LifePhase
  quiet: boolean
  ssh: SshTarget | undefined
  error: string | undefined
}

interface Life extends LifeInfo {
  jobId: number
  /** Captured when the debug request is accepted: the build script is made from it. */
  previousState: JobState
  abort: AbortController
  history: Set<LifePhase>
  logId: number
  endSession: () => void
  ended: Promise<void>
  dotTimer: NodeJS.Timeout | undefined
}

export class JobLives implements JobLifecycle {
  readonly events = new EventEmitter()
  private readonly lives = new Map<number, Life>()
  private readonly scripts = new Map<number, DebugScript>()
  private readonly cancelTimers = new Set<NodeJS.Timeout>()
  /** Phases at which a job's timeline stops until released (deterministic tests). */
  private readonly holds = new Map<number, Set<LifePhase>>()
  private readonly gates = new Map<number, () => void>()
  private defaultScript: DebugScript = {}

  constructor(
    private readonly store: Store,
    private timeline: TimelineOptions,
  ) {
    this.events.setMaxListeners(0)
  }

  setTimeline(options: Partial<TimelineOptions>): void {
    this.timeline = { ...this.timeline, ...options }
  }

  setScript(jobId: number, script: DebugScript | undefined): void {
    if (script) this.scripts.set(jobId, script)
    else this.scripts.delete(jobId)
  }

  /** The job's next lives stop when they reach any of these phases, until `release`. */
  holdAt(jobId: number, phases: readonly LifePhase[]): void {
    this.holds.set(jobId, new Set([...(this.holds.get(jobId) ?? []), ...phases]))
  }

  /** Lets a held timeline go on (dropping the hold it stopped at); false when none was held. */
  release(jobId: number): boolean {
    const open = this.gates.get(jobId)
    if (!open) return false
    open()
    return true
  }

  setDefaultScript(script: DebugScript): void {
    this.defaultScript = script
  }

  info(jobId: number): LifeInfo | undefined {
    const life = this.lives.get(jobId)
    return life && { kind: life.kind, phase: life.phase, quiet: life.quiet, ssh: life.ssh, error: life.error }
  }

  /** Resolves once the job's current (or next) life reaches `phase`. */
  waitForPhase(jobId: number, phase: LifePhase, timeoutMs = 10_000): Promise<void> {
    if (this.lives.get(jobId)?.history.has(phase)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const onPhase = (id: number, reached: LifePhase): void => {
        if (id !== jobId || reached !== phase) return
        clearTimeout(timer)
        this.events.off('phase', onPhase)
        resolve()
      }
      const timer = setTimeout(() => {
        this.events.off('phase', onPhase)
        reject(new Error(`job ${jobId} did not reach ${phase} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.events.on('phase', onPhase)
    })
  }

  /** Ends the debug session (all tmate windows closed); the job then finishes. */
  endDebugSession(jobId: number): boolean {
    const life = this.lives.get(jobId)
    if (!life || life.kind !== 'debug' || life.history.has('finished') || life.history.has('canceled')) return false
    life.endSession()
    return true
  }

  appendLog(jobId: number, content: string, final = false): void {
    let log = this.store.logs.get(jobId)
    if (!log) {
      log = { id: this.store.allocateLogId(), jobId, parts: [], removedAt: null, removedBy: null }
      this.store.logs.set(jobId, log)
    }
    const number = log.parts.reduce((max, p) => Math.max(max, p.number), -1) + 1
    const part = { number, content, final }
    log.parts.push(part)
    // travis-logs stores the part and publishes it on the job's live channel.
    this.events.emit('log-part', jobId, { ...part })
  }

  stopAll(): void {
    for (const jobId of this.lives.keys()) this.stop(jobId)
    for (const timer of this.cancelTimers) clearTimeout(timer)
    this.cancelTimers.clear()
  }

  debug(job: JobRecord, user: UserRecord, quiet: boolean): void {
    const script = { ...this.defaultScript, ...this.scripts.get(job.id) }
    const life = this.begin(job, 'debug', quiet)
    this.runDebug(life, job, user, script).catch((error: unknown) => this.failed(life, error))
  }

  restart(job: JobRecord, user: UserRecord): void {
    const life = this.begin(job, 'restart', false)
    this.runRestart(life, job, user).catch((error: unknown) => this.failed(life, error))
  }

  cancel(job: JobRecord): void {
    // The hub processes the cancel asynchronously, like everything else.
    const timer = setTimeout(() => {
      this.cancelTimers.delete(timer)
      this.applyCancel(job.id)
    }, this.timeline.stepMs)
    this.cancelTimers.add(timer)
  }

  private begin(job: JobRecord, kind: Life['kind'], quiet: boolean): Life {
    this.stop(job.id)
    let endSession = (): void => undefined
    const ended = new Promise<void>((resolve) => {
      endSession = resolve
    })
    const life: Life = {
      kind,
      jobId: job.id,
      previousState: job.debugOptions?.previous_state ?? job.state,
      phase: 'accepted',
      quiet,
      ssh: undefined,
      error: undefined,
      abort: new AbortController(),
      history: new Set(['accepted']),
      logId: this.store.logs.get(job.id)?.id ?? this.store.allocateLogId(),
      endSession,
      ended,
      dotTimer: undefined,
    }
    this.lives.set(job.id, life)
    return life
  }

  private stop(jobId: number): void {
    const life = this.lives.get(jobId)
    if (!life) return
    life.abort.abort()
    this.gates.delete(jobId)
    clearInterval(life.dotTimer)
    life.endSession()
  }

  private failed(life: Life, error: unknown): void {
    if (life.abort.signal.aborted) return
    life.error = error instanceof Error ? error.message : String(error)
  }

  /** The pause before every step: a held phase waits for `release` (or the job's end). */
  private async gate(life: Life): Promise<void> {
    const holds = this.holds.get(life.jobId)
    if (!holds?.has(life.phase)) return
    const { signal } = life.abort
    signal.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new Error('aborted'))
      this.gates.set(life.jobId, () => {
        holds.delete(life.phase)
        this.gates.delete(life.jobId)
        signal.removeEventListener('abort', onAbort)
        resolve()
      })
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Waits out the phase the job is in: a held phase first waits for `release`. */
  private step(life: Life, script: DebugScript = {}): Promise<void> {
    return this.gate(life).then(() => delay(this.pauseMs(life.phase, script), undefined, { signal: life.abort.signal }))
  }

  /** A job's own script sets one pace for all its phases; otherwise the timeline's, phase by phase. */
  private pauseMs(phase: LifePhase, script: DebugScript): number {
    return script.stepMs ?? this.timeline.phaseMs?.[phase] ?? this.timeline.stepMs
  }

  private enter(life: Life, phase: LifePhase): void {
    life.phase = phase
    life.history.add(phase)
    this.events.emit('phase', life.jobId, phase)
  }

  private now(): number {
    return Date.now()
  }

  private setState(job: JobRecord, state: JobState): void {
    const now = this.now()
    job.state = state
    job.updatedAt = now
    if (state === 'started') job.startedAt = Math.floor(now / 1000) * 1000
    if (FINISHED_STATES.includes(state)) job.finishedAt = Math.floor(now / 1000) * 1000
    const build = this.store.builds.get(job.buildId)
    if (build) refreshBuild(build, this.store.jobsOf(build), now)
  }

  /** travis-hub's restart: state created, times cleared, restarted_at set, log cleared. */
  private hubRestart(life: Life, job: JobRecord, user: UserRecord): void {
    job.startedAt = null
    job.finishedAt = null
    job.restartedAt = this.now()
    job.restartedBy = user.id
    // The hub clears the log in place: travis-logs keeps the record and deletes its parts.
    const log = this.store.logs.get(job.id)
    if (log) Object.assign(log, { parts: [], removedAt: null, removedBy: null })
    this.setState(job, 'created')
    this.enter(life, 'created')
  }

  private openLog(life: Life, job: JobRecord): void {
    this.store.logs.set(job.id, { id: life.logId, jobId: job.id, parts: [], removedAt: null, removedBy: null })
  }

  private async runDebug(life: Life, job: JobRecord, user: UserRecord, script: DebugScript): Promise<void> {
    const { signal } = life.abort
    const step = (): Promise<void> => this.step(life, script)
    const append = (text: string): void => this.appendLog(job.id, text)
    const variant = script.variant ?? 'happy'
    const repo = this.store.repos.get(job.repoId)
    const build = this.store.builds.get(job.buildId)

    await step()
    this.hubRestart(life, job, user)
    await step()
    this.setState(job, 'queued')
    this.enter(life, 'queued')
    // Nothing picks the job up: it waits here until it is cancelled.
    if (variant === 'stuck-queued') await new Promise((_, reject) => signal.addEventListener('abort', reject))
    await step()
    this.setState(job, 'received')
    this.openLog(life, job)
    this.enter(life, 'received')
    await step()
    this.setState(job, 'started')
    this.enter(life, 'started')

    let target: SshTarget | undefined
    if (variant === 'happy' || variant === 'split-line') {
      try {
        target = await resolveSsh(script, job.id, signal)
      } catch (error) {
        signal.throwIfAborted()
        life.error = `SSH target: ${error instanceof Error ? error.message : String(error)}`
      }
    }
    append(
      preamble({
        slug: repo ? `${repo.ownerLogin}/${repo.name}` : 'unknown/unknown',
        branch: build?.branch ?? 'master',
        sha: build?.commit.sha ?? '0'.repeat(40),
        os: job.config.os,
        language: job.config.language,
        startedAtMs: this.now(),
        random: makeRandom(job.id),
      }),
    )
    await step()
    append(debugLines.initiated(user.login))
    if (variant === 'not-available') {
      await step()
      append(debugLines.notAvailable())
      return this.finishDebug(life, job, false, step)
    }
    await step()
    append(debugLines.settingUp())
    if (job.config.os === 'osx') {
      await step()
      append(debugLines.brewTmate())
    }
    await step()
    append(debugLines.preparing())
    await step()
    append(debugLines.alias(job.config.os))
    if (!target) return this.finishDebug(life, job, false, step)
    await step()
    append(debugLines.useFollowing())
    await step()
    if (variant === 'split-line') {
      const [head, tail] = debugLines.sshSplit(target)
      append(head)
      await step()
      append(tail)
    } else append(debugLines.ssh(target))
    life.ssh = target
    this.enter(life, 'ssh-ready')
    await step()
    if (life.quiet) {
      append(debugLines.quietMode())
      append(debugLines.dot())
      life.dotTimer = setInterval(() => append(debugLines.dot()), script.dotEveryMs ?? this.timeline.dotEveryMs)
    } else append(debugLines.echoMode())
    this.enter(life, 'session')
    await life.ended
    signal.throwIfAborted()
    clearInterval(life.dotTimer)
    await this.finishDebug(life, job, true, step)
  }

  private async finishDebug(life: Life, job: JobRecord, afterSession: boolean, step: () => Promise<void>): Promise<void> {
    const previous = life.previousState
    const parts = trailer(previous, afterSession)
    for (const [index, part] of parts.entries()) {
      await step()
      this.appendLog(job.id, part, index === parts.length - 1)
    }
    this.setState(job, finalStateFor(previous))
    this.enter(life, 'finished')
  }

  private async runRestart(life: Life, job: JobRecord, user: UserRecord): Promise<void> {
    const step = (): Promise<void> => this.step(life)
    const outcome: JobState = FINISHED_STATES.includes(job.state) ? job.state : 'passed'
    const repo = this.store.repos.get(job.repoId)
    const build = this.store.builds.get(job.buildId)
    await step()
    this.hubRestart(life, job, user)
    for (const state of ['queued', 'received', 'started'] as const) {
      await step()
      this.setState(job, state)
      if (state === 'received') this.openLog(life, job)
      this.enter(life, state)
    }
    const text = finishedJobLog({
      slug: repo ? `${repo.ownerLogin}/${repo.name}` : 'unknown/unknown',
      branch: build?.branch ?? 'master',
      sha: build?.commit.sha ?? '0'.repeat(40),
      os: job.config.os,
      language: job.config.language,
      env: job.config.env,
      state: outcome,
      startedAtMs: this.now(),
      seed: job.id + 1,
    })
    const lines = text.split(/(?<=\r\n)/)
    const chunk = Math.ceil(lines.length / 3)
    for (let i = 0; i < lines.length; i += chunk) {
      await step()
      this.appendLog(job.id, lines.slice(i, i + chunk).join(''), i + chunk >= lines.length)
    }
    this.setState(job, outcome)
    this.enter(life, 'finished')
  }

  private applyCancel(jobId: number): void {
    const job = this.store.jobs.get(jobId)
    if (!job || FINISHED_STATES.includes(job.state)) return
    const onWorker = job.state === 'started' || job.state === 'received'
    const life = this.lives.get(jobId)
    if (life) this.stop(jobId)
    const log = this.store.logs.get(jobId)
    if (log && onWorker) this.appendLog(jobId, debugLines.cancelled(), true)
    else if (log) log.parts.forEach((p, i) => (p.final = i === log.parts.length - 1))
    this.setState(job, 'canceled')
    if (life) this.enter(life, 'canceled')
    // Cancelling kills the VM, and the tmate session on it with it.
    if (life?.kind === 'debug' && onWorker) ({ ...this.defaultScript, ...this.scripts.get(jobId) }).onVmGone?.(jobId)
  }
}
