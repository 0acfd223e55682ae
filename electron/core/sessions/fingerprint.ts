import { createHash } from 'node:crypto'

/** `SHA256:` + unpadded base64 of the key blob's SHA-256, exactly as OpenSSH prints it. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/** The key type named at the start of an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, …). */
export function keyAlgorithm(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown'
  const length = keyBlob.readUInt32BE(0)
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return 'unknown'
  return keyBlob.subarray(4, 4 + length).toString('latin1')
}

/**
 * ssh.tmate.io's host keys, as tmate itself pins them (tmate's `options-table.c`). Every regional server shares them, so they apply to any `*.tmate.io`.
 */
export const TMATE_IO_FINGERPRINTS: Readonly<Record<string, string>> = {
  'ssh-ed25519': 'SHA256:jfttvoypkHiQYUqUCwKeqd9d1fJj/ZiQlFOHVl6E9sI',
  'ssh-rsa': 'SHA256:Hthk2T/M/Ivqfk1YYUn5ijC2Att3+UPzD7Rn72P5VWs',
  'ecdsa-sha2-nistp256': 'SHA256:8GmKHYHEJ6n0TEdciHeEGkKOigQfCFuBULdt6vZIhDc',
}

export function isTmateIoHost(host: string): boolean {
  return /(^|\.)tmate\.io\.?$/i.test(host)
}
