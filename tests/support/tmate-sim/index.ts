/**
 * The tmate simulator: an SSH server on 127.0.0.1 that treats an SSH viewer the way
 * tmate-ssh-server does (what a viewer sees, and what a guard on the host can publish), backed by
 * one real tmux server per session. It is deliberately no kinder than tmate: no join notices,
 * no exit-status, a detached host's bare status row, the display-message crash.
 *
 * Test clients live next to it: `ssh2-viewer.ts` (ssh2 + headless xterm, as the app connects),
 * `openssh-viewer.ts` (OpenSSH's `ssh -tt` in a pty) and `screen.ts` (reading what they show).
 * `cli.ts` runs one session standalone.
 */
import type { SessionLookup } from './connection'
import { SshListener } from './server'
import { SimSession, type CreateSessionOptions } from './session'
import { READ_ONLY_PREFIX } from './tokens'

export type { CreateSessionOptions } from './session'
export { HOST_KEY_A, HOST_KEY_B, hostKeyFingerprint } from './host-keys'
export { PROMPT, TRAVIS_PHASES, TRAVIS_DEBUG_HELP } from './pane-shell'
export { TOKEN_ALPHABET, sshCommand } from './tokens'

export interface TmateSimOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** OpenSSH-format private host key; default: the built-in ed25519 test key HOST_KEY_A. */
  hostKey?: string
}

/** A simulated tmate session as the host (and a test) sees it. */
export interface TmateSimSession {
  readonly token: string
  /** `ro-` + 25 characters: viewers through it are read-only. */
  readonly roToken: string
  /** `ssh -pPORT TOKEN@127.0.0.1` (no `-p` on port 22), as `#{tmate_ssh}` prints it. */
  readonly sshCommand: string
  readonly roSshCommand: string
  /** The tmux server's socket (the host's `tmate -S` socket). */
  readonly tmuxSocket: string
  /** PID of the tmux server standing in for the host. */
  readonly serverPid: number
  /** Resolves when the session is over (ended, crashed, last shell exited) and cleaned up. */
  readonly ended: Promise<void>
  /** Viewers connected now, read-write and read-only. */
  viewers(): number
  /** `tmate -S SOCK ARGS…` on the host; rejects with tmate's stderr on a non-zero exit. */
  hostRun(args: readonly string[]): Promise<string>
  /** Ends the session: viewers get `ESC[?1049l[server exited]\r\r\n` and a close without exit-status. */
  end(): Promise<void>
  /** PIDs of the panes' first processes, to read /proc/PID/stat of the pane process trees. */
  panePids(): Promise<number[]>
  /** CPU ms used so far by everything running in the panes (live processes and reaped children). */
  paneCpuTimeMs(): Promise<number>
}

export interface TmateSim {
  readonly host: '127.0.0.1'
  readonly port: number
  /** `SHA256:…` of the current host key, as OpenSSH prints it. */
  readonly hostKeyFingerprint: string
  createSession(options?: CreateSessionOptions): Promise<TmateSimSession>
  /** Switches new connections to another host key (default: alternates the two built-in keys); returns its fingerprint. */
  rotateHostKey(privateKey?: string): string
  /** Ends every session, kills their tmux servers, removes their temp dirs and stops listening. */
  close(): Promise<void>
}

const HOST = '127.0.0.1'

export async function startTmateSim(options: TmateSimOptions = {}): Promise<TmateSim> {
  const sessions = new Map<string, SimSession>()
  const lookup: SessionLookup = {
    find(token) {
      const readOnly = token.startsWith(READ_ONLY_PREFIX)
      const session = sessions.get(token)
      if (session === undefined || session.isOver) return undefined
      return { session, readOnly: readOnly && session.roToken === token }
    },
  }
  const listener = new SshListener(lookup, options.hostKey)
  const port = await listener.listen(options.port ?? 0)

  return {
    host: HOST,
    port,
    get hostKeyFingerprint() {
      return listener.fingerprint
    },
    async createSession(sessionOptions = {}) {
      if (sessionOptions.token !== undefined && sessions.has(sessionOptions.token)) {
        throw new Error(`token ${sessionOptions.token} is already in use`)
      }
      const session = await SimSession.create(sessionOptions, { host: HOST, port })
      sessions.set(session.token, session)
      sessions.set(session.roToken, session)
      void session.ended.then(() => {
        sessions.delete(session.token)
        sessions.delete(session.roToken)
      })
      return session
    },
    rotateHostKey(privateKey) {
      return listener.rotateHostKey(privateKey)
    },
    async close() {
      await Promise.all([...new Set(sessions.values())].map((session) => session.end()))
      await listener.close()
    },
  }
}
