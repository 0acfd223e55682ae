import { createHash } from 'node:crypto'
import { utils } from 'ssh2'

/*
 * Throwaway ed25519 host keys for tests only (generated with ssh-keygen for this folder; they guard
 * nothing). Constants rather than per-run keys so fingerprints stay stable across runs and the
 * CLI prints the same one every time. The real server also has an RSA key; one ed25519 key is
 * enough to exercise host-key checks.
 */
export const HOST_KEY_A = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACA2oocrcS3zNGsGSMr7QvHVDUxvvYutvPM/ZHMy08IL9AAAAJgWnHnWFpx5
1gAAAAtzc2gtZWQyNTUxOQAAACA2oocrcS3zNGsGSMr7QvHVDUxvvYutvPM/ZHMy08IL9A
AAAEA4VVyg5W+Td2mSle1u6v1zrO+lS51o2HJdqBVsRya5njaihytxLfM0awZIyvtC8dUN
TG+9i6288z9kczLTwgv0AAAAFHRtYXRlLXNpbS1ob3N0LWtleS1hAQ==
-----END OPENSSH PRIVATE KEY-----
`

/** The key `rotateHostKey()` switches to, so a client that pinned key A sees a changed host key. */
export const HOST_KEY_B = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACCq1blmMe0Z3okto4bIpG4d1TWlUQMlkrBXpDm/KBIQNQAAAJgNpa3ODaWt
zgAAAAtzc2gtZWQyNTUxOQAAACCq1blmMe0Z3okto4bIpG4d1TWlUQMlkrBXpDm/KBIQNQ
AAAEDoA0sR1g22FbAfEFC0Vw3FfR7QRymfepJQzlpl17AolKrVuWYx7RneiS2jhsikbh3V
NaVRAyWSsFekOb8oEhA1AAAAFHRtYXRlLXNpbS1ob3N0LWtleS1iAQ==
-----END OPENSSH PRIVATE KEY-----
`

export type ParsedSshKey = Exclude<ReturnType<typeof utils.parseKey>, Error>

export function parseSshKey(text: string): ParsedSshKey {
  const parsed = utils.parseKey(text)
  if (parsed instanceof Error) throw parsed
  return parsed
}

/** `SHA256:<base64 without padding>` of the public key blob, exactly as `ssh-keygen -l` prints it. */
export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

export function hostKeyFingerprint(privateKey: string): string {
  return fingerprintOfBlob(parseSshKey(privateKey).getPublicSSH())
}
