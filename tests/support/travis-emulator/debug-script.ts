// What a test can choose about a job's debug life: the variant, the SSH target (or how to get
// one when the VM starts) and the pace.
import type { SshTarget } from './debug-lines'
import { makeRandom } from './log-text'

export type DebugVariant = 'happy' | 'stuck-queued' | 'not-available' | 'no-ssh' | 'split-line'

export type SshSource = SshTarget | ((jobId: number) => SshTarget | Promise<SshTarget>)

export interface DebugScript {
  /** happy (default), stuck in queued, red "not available" line, no SSH line, SSH line split in two parts. */
  variant?: DebugVariant
  /** Where the log's SSH line points; a callback runs when the VM starts (a fresh tmate session). */
  ssh?: SshSource
  /** Cross-process form of the callback: POSTed `{"jobId"}`, must answer `{"host","port","token"}`. */
  sshUrl?: string
  stepMs?: number
  dotEveryMs?: number
  /** Told when the job's VM goes away (cancelled while it ran), so the tmate session behind it can end. */
  onVmGone?: (jobId: number) => void
}

function isTarget(value: unknown): value is SshTarget {
  if (value === null || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  return typeof v.host === 'string' && typeof v.port === 'number' && typeof v.token === 'string'
}

/** A tmate-like 25-character session token, deterministic per job. */
function defaultToken(jobId: number): string {
  const random = makeRandom(jobId * 7919)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let token = ''
  for (let i = 0; i < 25; i++) token += alphabet[Math.floor(random() * alphabet.length)]
  return token
}

/** Where the SSH line points, asked for when the VM starts. */
export async function resolveSsh(script: DebugScript, jobId: number, signal: AbortSignal): Promise<SshTarget> {
  let target: unknown
  if (typeof script.ssh === 'function') target = await script.ssh(jobId)
  else if (script.ssh) target = script.ssh
  else if (script.sshUrl) {
    const response = await fetch(script.sshUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jobId }),
      signal,
    })
    target = await response.json()
  } else target = { host: 'nyc1.tmate.io', port: 22, token: defaultToken(jobId) }
  signal.throwIfAborted()
  if (!isTarget(target)) throw new Error('SSH target must be {host, port, token}')
  return target
}
