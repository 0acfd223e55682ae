import { randomInt } from 'node:crypto'

/** tmate-ssh-server's token alphabet: no look-alike characters (no i, l, o, I, O, 0, 1). */
export const TOKEN_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const TOKEN_LENGTH = 25
/** A read-only token is this prefix plus 25 more characters; it reaches the same session. */
export const READ_ONLY_PREFIX = 'ro-'

export function randomToken(): string {
  let token = ''
  for (let i = 0; i < TOKEN_LENGTH; i++) token += TOKEN_ALPHABET.charAt(randomInt(TOKEN_ALPHABET.length))
  return token
}

/**
 * The server's syntactic check on the SSH username. Names failing it get `Invalid session token`;
 * names passing it but matching no session get `Invalid or expired session token`.
 */
export function passesTokenCheck(name: string): boolean {
  return name.length > 2 && /^[A-Za-z0-9\-_/]+$/.test(name)
}

/** `get_ssh_conn_string`: `-p` glued to the port, and left out for port 22. */
export function sshCommand(token: string, host: string, port: number): string {
  return port === 22 ? `ssh ${token}@${host}` : `ssh -p${port} ${token}@${host}`
}
