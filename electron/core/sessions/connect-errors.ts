/** ssh2 tags its errors with a level and Node's socket errors carry a code. */
export interface SshError extends Error {
  level?: string
  code?: string
}

export const AUTH_REFUSED =
  'This session accepts only listed SSH keys, and none of yours (agent, ~/.ssh/id_ed25519, ~/.ssh/id_rsa) is among them.'

/** Why a connection could not be made or was lost, in words; `where` is `host:port`. */
export function describeConnectError(error: SshError | undefined, where: string, readyTimeoutMs: number): string {
  if (error === undefined) return `The server at ${where} closed the connection.`
  if (error.level === 'client-authentication') return AUTH_REFUSED
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${where}: connection refused.`
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach ${where}: no route to the host.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `Cannot reach ${where}: the host name does not resolve.`
    case 'ETIMEDOUT':
      return `Cannot reach ${where}: the connection timed out.`
    case 'ECONNRESET':
    case 'EPIPE':
      return `The connection to ${where} was reset.`
    default:
      break
  }
  if (error.level === 'client-timeout') {
    return /keepalive/i.test(error.message)
      ? `The connection to ${where} stopped answering.`
      : `Cannot reach ${where}: no SSH answer within ${Math.round(readyTimeoutMs / 1000)} s.`
  }
  if (error.level === 'handshake' || error.level === 'protocol') return `The SSH handshake with ${where} failed (${error.message}).`
  return `The connection to ${where} failed (${error.message}).`
}
