import { join } from 'node:path'
import { JsonFile } from '../store/json-file'
import { fingerprintOf, isTmateIoHost, keyAlgorithm, TMATE_IO_FINGERPRINTS } from './fingerprint'

/** One trusted server key, stored in known_hosts.json under `host:port`. */
export interface KnownHost {
  algorithm: string
  fingerprint: string
  trustedAt: string
}

export interface KnownHostsFile {
  version: 1
  hosts: Record<string, KnownHost>
  /**
   * When the file was found damaged with no good copy to restore: hosts trusted before then look
   * unknown now, so a changed key cannot be told from a new one. Kept from then on.
   */
  lostAt?: string
}

export type HostKeyCheck =
  | { kind: 'trusted'; algorithm: string; fingerprint: string }
  /** Never trusted, or `trustStoreLost`: maybe trusted once, in the list that was lost. */
  | { kind: 'unknown'; algorithm: string; fingerprint: string; trustStoreLost: boolean }
  /** A different key than the one trusted before (or than tmate.io's published ones): refused. */
  | { kind: 'changed'; algorithm: string; fingerprint: string; knownFingerprint: string; pinned: boolean }

export const KNOWN_HOSTS_FILE = 'known_hosts.json'

const LOST_ADVICE =
  "Shipmate's list of trusted hosts is gone, so it will ask about each host again and cannot tell whether a host's key changed " +
  'meanwhile: compare each fingerprint with one you trust before you trust it.'

/**
 * Host-key decisions: tmate.io's servers against the fingerprints tmate pins, every other server
 * by trust on first use, remembered per `host:port`. A changed key is never offered for trust:
 * the user must remove the old entry by hand, on purpose, as with OpenSSH's known_hosts.
 */
export class HostKeys {
  readonly path: string
  private readonly file: JsonFile<KnownHostsFile>
  /** This store's writes go one after another; the file's lock orders them with other processes' writes. */
  private writes: Promise<unknown> = Promise.resolve()
  private readonly now: () => Date

  constructor(dataDir: string, options: { now: () => Date; onNotice?: (message: string) => void }) {
    this.path = join(dataDir, KNOWN_HOSTS_FILE)
    this.file = new JsonFile(this.path, {
      parse: parseKnownHosts,
      empty: () => ({ version: 1, hosts: {} }),
      afresh: () => ({ version: 1, hosts: {}, lostAt: options.now().toISOString() }),
      onNotice: (message, outcome) => options.onNotice?.(outcome === 'lost' ? `${message} ${LOST_ADVICE}` : message),
      now: options.now,
    })
    this.now = options.now
  }

  async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
    const algorithm = keyAlgorithm(keyBlob)
    const fingerprint = fingerprintOf(keyBlob)
    if (isTmateIoHost(host)) {
      if (Object.values(TMATE_IO_FINGERPRINTS).includes(fingerprint)) return { kind: 'trusted', algorithm, fingerprint }
      const knownFingerprint = TMATE_IO_FINGERPRINTS[algorithm] ?? TMATE_IO_FINGERPRINTS['ssh-ed25519'] ?? ''
      return { kind: 'changed', algorithm, fingerprint, knownFingerprint, pinned: true }
    }
    await this.writes.catch(() => undefined)
    const file = await this.file.read()
    const known = file.hosts[hostKey(host, port)]
    if (known === undefined) return { kind: 'unknown', algorithm, fingerprint, trustStoreLost: file.lostAt !== undefined }
    if (known.fingerprint === fingerprint && known.algorithm === algorithm) return { kind: 'trusted', algorithm, fingerprint }
    return { kind: 'changed', algorithm, fingerprint, knownFingerprint: known.fingerprint, pinned: false }
  }

  /** Remembers the user's yes. Never replaces a different key already stored (that is a changed key). */
  trust(host: string, port: number, algorithm: string, fingerprint: string): Promise<void> {
    const key = hostKey(host, port)
    const write = this.writes.then(async () => {
      await this.file.update((current) => {
        const existing = current.hosts[key]
        if (existing !== undefined) {
          if (existing.fingerprint === fingerprint) return undefined
          throw new Error(`refusing to replace the stored host key of ${key}`)
        }
        return { ...current, hosts: { ...current.hosts, [key]: { algorithm, fingerprint, trustedAt: this.now().toISOString() } } }
      })
    })
    this.writes = write.catch(() => undefined)
    return write
  }
}

/** `host:port`, with an IPv6 address in brackets as OpenSSH writes it. */
export function hostKey(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

export function parseKnownHosts(raw: unknown): KnownHostsFile {
  if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.hosts)) throw new Error('not a known_hosts file')
  if (raw.lostAt !== undefined && typeof raw.lostAt !== 'string') throw new Error('bad lostAt')
  const hosts: Record<string, KnownHost> = {}
  for (const [key, value] of Object.entries(raw.hosts)) {
    if (!isRecord(value)) throw new Error(`bad entry ${key}`)
    const { algorithm, fingerprint, trustedAt } = value
    if (typeof algorithm !== 'string' || typeof fingerprint !== 'string' || typeof trustedAt !== 'string') {
      throw new Error(`bad entry ${key}`)
    }
    hosts[key] = { algorithm, fingerprint, trustedAt }
  }
  return raw.lostAt === undefined ? { version: 1, hosts } : { version: 1, hosts, lostAt: raw.lostAt }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Why a changed key was refused, and what to do if the change was expected. */
export function changedKeyDetail(where: string, check: HostKeyCheck & { kind: 'changed' }, knownHostsPath: string): string {
  const warning = 'Someone may be intercepting the connection (a man-in-the-middle attack), so Shipmate refused to connect.'
  if (check.pinned) {
    return `The server at ${where} presented a host key (${check.fingerprint}) that is not one of tmate.io's published keys. ${warning}`
  }
  return (
    `The host key of ${where} has changed since you trusted it (was ${check.knownFingerprint}, now ${check.fingerprint}). ${warning} ` +
    `If the server's key was changed on purpose, remove the entry "${where}" from ${knownHostsPath} and connect again.`
  )
}
