import type { AuthContext, PublicKeyAuthContext } from 'ssh2'
import { parseSshKey, type ParsedSshKey } from './host-keys'

/**
 * tmate-ssh-server's authentication: only `none` and `publickey` exist. Without authorized keys
 * `none` is accepted (no key needed) and any key the client proves it holds is accepted too; with
 * them (`-a`), only the listed keys pass and the client is told `publickey` is all that is left,
 * which OpenSSH reports as `Permission denied (publickey)`.
 */
export function authenticate(ctx: AuthContext, authorizedKeys: readonly ParsedSshKey[] | undefined): void {
  if (ctx.method === 'none') {
    if (authorizedKeys === undefined) ctx.accept()
    else ctx.reject(['publickey'])
    return
  }
  if (ctx.method !== 'publickey') {
    ctx.reject(['publickey'])
    return
  }
  const offered = authorizedKeys === undefined ? keyFromBlob(ctx.key.data) : findKey(authorizedKeys, ctx.key.data)
  if (offered === undefined) {
    ctx.reject(['publickey'])
    return
  }
  if (hasValidSignature(ctx, offered) !== false) ctx.accept()
  else ctx.reject(['publickey'])
}

function findKey(keys: readonly ParsedSshKey[], blob: Buffer): ParsedSshKey | undefined {
  return keys.find((key) => key.getPublicSSH().equals(blob))
}

/** Parses the public key a client offers; its blob starts with the key type as an SSH string. */
function keyFromBlob(blob: Buffer): ParsedSshKey | undefined {
  if (blob.length < 4) return undefined
  const typeLength = blob.readUInt32BE(0)
  const type = blob.subarray(4, 4 + typeLength).toString('latin1')
  try {
    return parseSshKey(`${type} ${blob.toString('base64')}`)
  } catch {
    return undefined
  }
}

/**
 * Without a signature the client only asks whether the key would do (answered yes, so it signs);
 * with one, the signature over the session data must verify.
 */
function hasValidSignature(ctx: PublicKeyAuthContext, key: ParsedSshKey): boolean | undefined {
  if (ctx.signature === undefined || ctx.blob === undefined) return undefined
  return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true
}
