import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { ServerChannel } from 'ssh2'
import { remember } from './cleanup'
import { parseSshKey, type ParsedSshKey } from './host-keys'
import { firstWindowCommand } from './pane-shell'
import { processTreeCpuMs } from './proc-stat'
import { runCommand, type CommandResult } from './run-command'
import { writeSessionFiles, type SessionPaths } from './session-files'
import { simEnv } from './sim-env'
import type { WindowGeometry } from './size-notice'
import { passesTokenCheck, READ_ONLY_PREFIX, randomToken, sshCommand } from './tokens'
import { shellQuote } from './tmux-quote'
import { Viewer } from './viewer'

export interface CreateSessionOptions {
  /** Read-write token; random (25 characters of tmate's alphabet) when left out. */
  token?: string
  /** OpenSSH public key lines. When given, only these keys may connect (tmate's `-a`). */
  authorizedKeys?: string[]
  /** Imitate a tmate-ssh-server without websocket server: `#{tmate_num_clients}` stays empty. */
  noWebsocket?: boolean
  /**
   * Serve viewers the way a plain tmux shared over OpenSSH does when the SSH session carries no
   * UTF-8 locale (OpenSSH passes none on by default): their tmux client is not UTF-8, so tmux draws
   * every non-ASCII character as `_`. tmate's own server always marks its viewers UTF-8.
   */
  nonUtf8Viewers?: boolean
  /** Size of the host's detached window before any viewer attaches; default 80x24. */
  cols?: number
  rows?: number
}

export interface SessionAddress {
  host: string
  port: number
}

/** tmate's replica names its only session `default` (`[detached (from session default)]`). */
const SESSION_NAME = 'default'
const NAME_WAIT_MS = 5000
/** A tmux server told to exit finishes its clients and jobs first; longer means it is not exiting. */
const SERVER_EXIT_MS = 3000

/** One tmate session: a private tmux server standing in for the host and the replica at once. */
export class SimSession {
  readonly token: string
  readonly roToken: string
  readonly sshCommand: string
  readonly roSshCommand: string
  readonly authorizedKeys: ParsedSshKey[] | undefined
  /** Resolves when the session is over: server gone, every viewer disconnected, temp dir removed. */
  readonly ended: Promise<void>
  private readonly viewerSet = new Set<Viewer>()
  private serverGone = false
  private resolveServerGone: () => void = () => undefined
  private countUpdates: Promise<unknown> = Promise.resolve()
  private lastGeometry: { startedAt: number; result: Promise<WindowGeometry | undefined> } | undefined
  private serverPidValue = 0
  private forget: () => void = () => undefined

  private constructor(
    private readonly paths: SessionPaths,
    private readonly env: NodeJS.ProcessEnv,
    private readonly countClients: boolean,
    private readonly utf8Viewers: boolean,
    tokens: { token: string; roToken: string; sshCommand: string; roSshCommand: string },
    authorizedKeys: ParsedSshKey[] | undefined,
  ) {
    this.token = tokens.token
    this.roToken = tokens.roToken
    this.sshCommand = tokens.sshCommand
    this.roSshCommand = tokens.roSshCommand
    this.authorizedKeys = authorizedKeys
    const serverGone = new Promise<void>((resolve) => {
      this.resolveServerGone = resolve
    })
    this.ended = serverGone.then(() => this.afterServerGone())
  }

  static async create(options: CreateSessionOptions, address: SessionAddress): Promise<SimSession> {
    const token = options.token ?? randomToken()
    if (!passesTokenCheck(token)) throw new Error(`tmate-ssh-server would refuse the token ${token}`)
    const roToken = READ_ONLY_PREFIX + randomToken()
    const tokens = {
      token,
      roToken,
      sshCommand: sshCommand(token, address.host, address.port),
      roSshCommand: sshCommand(roToken, address.host, address.port),
    }
    const keys = options.authorizedKeys?.map(parseSshKey)
    const countClients = options.noWebsocket !== true
    const paths = await writeSessionFiles({ host: address.host, ...tokens, countClients })
    const env = simEnv({ HOME: paths.home, PATH: `${paths.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}` })
    const session = new SimSession(paths, env, countClients, options.nonUtf8Viewers !== true, tokens, keys)
    session.forget = remember({ socketPath: paths.socketPath, dir: paths.dir })
    try {
      await session.start(options.cols ?? 80, options.rows ?? 24)
    } catch (error) {
      await session.tmux(['kill-server'])
      session.resolveServerGone()
      await session.ended
      throw error
    }
    return session
  }

  get tmuxSocket(): string {
    return this.paths.socketPath
  }

  /** PID of the tmux server (the "host"). */
  get serverPid(): number {
    return this.serverPidValue
  }

  get isOver(): boolean {
    return this.serverGone
  }

  /** Viewers currently connected, read-write and read-only. */
  viewers(): number {
    return this.viewerSet.size
  }

  /** Runs a command the way `tmate -S SOCK …` on the host would (through the same shim as the panes). */
  async hostRun(args: readonly string[]): Promise<string> {
    const result = await runCommand(this.paths.shimPath, args, this.env)
    if (result.code !== 0) throw Object.assign(new Error(result.stderr.trim() || `tmate exited with ${result.code}`), result)
    return result.stdout
  }

  /** Ends the session like a host going away: every viewer reads `[server exited]`. */
  async end(): Promise<void> {
    await this.tmux(['kill-server'])
    await this.ended
  }

  /** PIDs of every pane's first process (the pane wrapper; the shells are its children). */
  async panePids(): Promise<number[]> {
    const result = await this.tmux(['list-panes', '-s', '-t', SESSION_NAME, '-F', '#{pane_pid}'])
    return result.stdout.split('\n').filter((line) => line !== '').map(Number)
  }

  /** CPU time (ms) used so far by the processes in the panes, their descendants and reaped children. */
  async paneCpuTimeMs(): Promise<number> {
    return processTreeCpuMs(await this.panePids())
  }

  attachViewer(channel: ServerChannel, readOnly: boolean, size: { cols: number; rows: number }, onExit: () => void): Viewer {
    const viewer: Viewer = new Viewer({
      socketPath: this.paths.socketPath,
      sessionName: SESSION_NAME,
      readOnly,
      utf8: this.utf8Viewers,
      cols: size.cols,
      rows: size.rows,
      // tmux takes a client's UTF-8 from its locale, unless told otherwise with -u.
      env: simEnv({ HOME: this.paths.home, TERM: 'screen-256color', ...(this.utf8Viewers ? {} : { LANG: 'C', LC_ALL: 'C', LC_CTYPE: 'C' }) }),
      cwd: this.paths.dir,
      channel,
      geometry: (since) => this.geometry(since),
      onExit: () => {
        this.viewerSet.delete(viewer)
        this.publishCount()
        onExit()
      },
    })
    this.viewerSet.add(viewer)
    this.publishCount()
    return viewer
  }

  private async start(cols: number, rows: number): Promise<void> {
    const started = await this.tmux(
      [
        '-f', this.paths.configPath,
        'new-session', '-d', '-s', SESSION_NAME, '-x', String(cols), '-y', String(rows), '-c', this.paths.home,
        firstWindowCommand(this.paths.paneWrapperPath),
        // tmate's start-up message log, shown in the pane's view mode (copy mode over command
        // output) until `q` or Ctrl-C; other keys only move around in it.
        ';', 'run-shell', '-t', `${SESSION_NAME}:0.0`, `cat ${shellQuote(this.paths.startupMessagesPath)}`,
      ],
      true,
    )
    if (started.code !== 0) throw new Error(`tmux did not start: ${started.stderr}`)
    this.serverPidValue = Number((await this.tmux(['display-message', '-p', '#{pid}'])).stdout.trim())
    this.watchServer()
    await this.waitForWindowName('[tmux]')
  }

  /**
   * A `wait-for` client that never gets its signal: tmux wakes it only when the server shuts
   * down, so its exit is the moment the session ends, whatever ended it (end(), a crash, the last
   * shell exiting). It runs in its own process group, so a signal meant for the test runner's
   * group (Ctrl-C, `timeout`) does not reach it; should it die anyway, the server's PID is watched
   * until it is gone, and a server still alive after SERVER_EXIT_MS gets a new watcher.
   */
  private watchServer(): void {
    const waiter = spawn('tmux', ['-S', this.paths.socketPath, '-N', 'wait-for', 'tmate-sim-server-gone'], {
      env: this.env,
      stdio: 'ignore',
      detached: true,
    })
    let handled = false
    const exited = (): void => {
      if (handled) return
      handled = true
      void this.waitForServerExit()
    }
    waiter.once('exit', exited)
    waiter.once('error', exited)
  }

  private async waitForServerExit(): Promise<void> {
    const deadline = Date.now() + SERVER_EXIT_MS
    while (processAlive(this.serverPidValue)) {
      if (Date.now() > deadline) {
        this.watchServer()
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    this.serverGone = true
    this.resolveServerGone()
  }

  /** automatic-rename runs on a timer, so the first window is `[tmux]` only after a moment. */
  private async waitForWindowName(name: string): Promise<void> {
    const deadline = Date.now() + NAME_WAIT_MS
    while (Date.now() < deadline) {
      const result = await this.tmux(['display-message', '-p', '-t', `${SESSION_NAME}:0`, '#{window_name}'])
      if (result.stdout.trim() === name) return
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`window 0 was not named ${name} in time`)
  }

  /** Keeps `#{tmate_num_clients}` equal to the viewer count, in order, as tmate-websocket does on join/leave. */
  private publishCount(): void {
    if (!this.countClients) return
    const count = String(this.viewerSet.size)
    this.countUpdates = this.countUpdates.then(() => (this.serverGone ? undefined : this.tmux(['set', '-g', '@tmate_num_clients', count])))
  }

  /** The current window's size and the status line layout, from a query started no earlier than `since`. */
  private geometry(since: number): Promise<WindowGeometry | undefined> {
    if (this.lastGeometry !== undefined && this.lastGeometry.startedAt >= since) return this.lastGeometry.result
    const result = this.tmux([
      'display-message', '-p', '-t', `${SESSION_NAME}:`,
      '#{window_width} #{window_height} #{status} #{status-position}',
    ]).then((r) => parseGeometry(r.stdout))
    this.lastGeometry = { startedAt: Date.now(), result }
    return result
  }

  private async afterServerGone(): Promise<void> {
    await Promise.all([...this.viewerSet].map((viewer) => viewer.exited))
    await this.countUpdates.catch(() => undefined)
    await rm(this.paths.dir, { recursive: true, force: true })
    this.forget()
  }

  /** `-N`: a command for a server that has just gone must not start a fresh one (set-option would). */
  private tmux(args: readonly string[], startServer = false): Promise<CommandResult> {
    return runCommand('tmux', ['-S', this.paths.socketPath, ...(startServer ? [] : ['-N']), ...args], this.env)
  }
}

/**
 * Whether the process runs. A zombie counts as gone: the daemonised tmux server's parent is PID 1,
 * which in containers may reap it only seconds later.
 */
function processAlive(pid: number): boolean {
  if (pid <= 0) return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

function parseGeometry(text: string): WindowGeometry | undefined {
  const [width, height, status, position] = text.trim().split(' ')
  const w = Number(width)
  const h = Number(height)
  if (!Number.isFinite(w) || !Number.isFinite(h) || w <= 0 || h <= 0) return undefined
  const statusLines = status === 'off' ? 0 : status === 'on' ? 1 : Number(status) || 1
  return { width: w, height: h, statusLines, statusAtTop: position === 'top' }
}
