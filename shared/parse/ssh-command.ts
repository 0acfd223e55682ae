import { stripAnsi } from './ansi'

/**
 * The "Paste an SSH command" box. Shipmate connects by itself (the token is the SSH user name), so
 * it needs only token, host and port; anything else in a pasted command would be silently ignored
 * or could not be honoured, and is refused with a message saying what was found.
 */

export interface SshTarget {
  /** The tmate session token, used as the SSH user name. */
  readonly token: string
  readonly host: string
  readonly port: number
}

export interface ParsedSshCommand extends SshTarget {
  readonly ok: true
  /** tmate's read-only tokens start with `ro-`; such a viewer cannot type into the session. */
  readonly readOnly: boolean
  /** The command in tmate's own form, as `formatSshCommand` writes it. */
  readonly command: string
}

export type SshCommandResult = ParsedSshCommand | { readonly ok: false; readonly message: string }

export const UNDERSTOOD_SSH_FORMS =
  'ssh TOKEN@HOST, ssh -pPORT TOKEN@HOST, ssh -p PORT TOKEN@HOST, ssh TOKEN@HOST -p PORT, or ssh://TOKEN@HOST:PORT'

const DEFAULT_PORT = 22

/** tmate-ssh-server's `get_ssh_conn_string`: ` -pPORT` only for a port other than 22, no space after -p. */
export function formatSshCommand(target: SshTarget): string {
  return target.port === DEFAULT_PORT
    ? `ssh ${target.token}@${target.host}`
    : `ssh -p${target.port} ${target.token}@${target.host}`
}

const OPTION_NAMES: Record<string, string> = {
  i: 'an identity file (-i)',
  o: 'a configuration option (-o)',
  F: 'a configuration file (-F)',
  L: 'local port forwarding (-L)',
  R: 'remote port forwarding (-R)',
  D: 'dynamic port forwarding (-D)',
  W: 'stdio forwarding (-W)',
  J: 'a jump host (-J)',
  A: 'agent forwarding (-A)',
  X: 'X11 forwarding (-X)',
  Y: 'X11 forwarding (-Y)',
  l: 'a login name (-l)',
  t: 'a terminal request (-t)',
  T: 'a terminal request (-T)',
  v: 'verbose output (-v)',
  N: 'no remote command (-N)',
  f: 'background mode (-f)',
  C: 'compression (-C)',
  q: 'quiet mode (-q)',
  4: 'IPv4 only (-4)',
  6: 'IPv6 only (-6)',
}

const SHELL_SYNTAX: ReadonlyArray<[RegExp, string]> = [
  [/\$\(|`/, 'command substitution ($( ) or backticks)'],
  [/;/, 'a command separator (;)'],
  [/&&|\|\|/, 'a command chain (&& or ||)'],
  [/\|/, 'a pipe (|)'],
  [/&/, 'a background operator (&)'],
  [/[<>]/, 'a redirection (< or >)'],
  [/['"]/, 'quotes'],
  [/\\/, 'a backslash'],
  [/\$/, 'a shell variable ($)'],
  [/[(){}]/, 'brackets of shell syntax'],
]

export function parseSshCommand(input: string): SshCommandResult {
  let text = stripAnsi(input).replace(/\r/g, '').trim()
  if (text === '') return fail(`Paste the SSH command from the job log. Shipmate understands ${UNDERSTOOD_SSH_FORMS}.`)
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (lines.length > 1) {
    return fail(`The text has ${lines.length} lines. Paste only the line that starts with ssh, e.g. ssh -p2200 TOKEN@HOST.`)
  }
  // A copied terminal line may keep its prompt.
  text = text.replace(/^\$\s+/, '')
  for (const [pattern, what] of SHELL_SYNTAX) {
    if (pattern.test(text)) {
      return fail(`The command contains ${what}, which is shell syntax. Paste only the ssh command: ${UNDERSTOOD_SSH_FORMS}.`)
    }
  }
  const words = text.split(/\s+/)
  const first = words[0] ?? ''
  if (/^ssh:\/\//i.test(first) && words.length === 1) return parseSshUri(first)
  if (first === 'ssh' && words.length === 2 && /^ssh:\/\//i.test(words[1] ?? '')) return parseSshUri(words[1] ?? '')
  if (first !== 'ssh') {
    if (words.length === 1 && first.includes('@')) return target(first, DEFAULT_PORT)
    return fail(`This does not start with ssh. Shipmate understands ${UNDERSTOOD_SSH_FORMS}.`)
  }
  return parseSshWords(words.slice(1))
}

function parseSshWords(words: string[]): SshCommandResult {
  let destination: string | undefined
  let portText: string | undefined
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? ''
    if (word.startsWith('-')) {
      if (!word.startsWith('-p') || word.startsWith('--')) return fail(optionMessage(word))
      if (portText !== undefined) return fail('The port is given twice. Keep one -p PORT.')
      if (word === '-p') {
        const next = words[i + 1]
        if (next === undefined || next.includes('@')) return fail('-p needs a port number after it, e.g. ssh -p2200 TOKEN@HOST.')
        portText = next
        i++
      } else portText = word.slice(2)
      continue
    }
    if (destination !== undefined) {
      const rest = words.slice(i).join(' ')
      return fail(
        `"${rest}" after the host would run as a remote command, and tmate sessions take none. Paste just ssh TOKEN@HOST (with -p PORT if the log shows one).`,
      )
    }
    destination = word
  }
  if (destination === undefined) return fail(`The command has no TOKEN@HOST part. Shipmate understands ${UNDERSTOOD_SSH_FORMS}.`)
  const port = portText === undefined ? DEFAULT_PORT : parsePort(portText)
  if (typeof port === 'string') return fail(port)
  return target(destination, port)
}

function optionMessage(word: string): string {
  const letter = word.startsWith('--') ? undefined : word[1]
  const name = letter === undefined ? undefined : OPTION_NAMES[letter]
  const what = name ?? `the option ${word}`
  return `The command asks for ${what}, which Shipmate does not use: it connects to tmate with the token alone. Remove it; Shipmate understands ${UNDERSTOOD_SSH_FORMS}.`
}

/** `ssh://TOKEN@HOST[:PORT][/]`, with the token percent-encoded if it holds `/`. */
function parseSshUri(uri: string): SshCommandResult {
  const rest = uri.replace(/^ssh:\/\//i, '').replace(/\/$/, '')
  const at = rest.lastIndexOf('@')
  if (at < 0) return fail(`The ssh:// address has no TOKEN@ part. Shipmate understands ${UNDERSTOOD_SSH_FORMS}.`)
  let token: string
  try {
    token = decodeURIComponent(rest.slice(0, at))
  } catch {
    return fail('The token in the ssh:// address has a broken %-escape. Paste the command exactly as the log shows it.')
  }
  const hostPart = rest.slice(at + 1)
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(hostPart)
  const colon = hostPart.lastIndexOf(':')
  const [host, portText] = bracketed
    ? [bracketed[1] ?? '', bracketed[2]]
    : colon >= 0
      ? [hostPart.slice(0, colon), hostPart.slice(colon + 1)]
      : [hostPart, undefined]
  if (host.includes('/')) return fail('The ssh:// address has a path after the host; tmate sessions take none. Use ssh://TOKEN@HOST:PORT.')
  const port = portText === undefined ? DEFAULT_PORT : parsePort(portText)
  if (typeof port === 'string') return fail(port)
  return checked(token, host, port)
}

function target(destination: string, port: number): SshCommandResult {
  const parts = destination.split('@')
  if (parts.length > 2) return fail(`"${destination}" has more than one @. It should be TOKEN@HOST.`)
  const [token = '', host = ''] = parts
  if (parts.length < 2) return fail(`"${destination}" has no @. The command should end in TOKEN@HOST, e.g. ssh -p2200 TOKEN@HOST.`)
  const hostAndPort = /^([^:[\]]+):(\d*)$/.exec(host)
  if (hostAndPort) {
    const [, name = '', portText = ''] = hostAndPort
    return fail(`ssh does not read a port after a colon ("${host}"). Write it as ssh -p${portText || 'PORT'} ${token}@${name}.`)
  }
  return checked(token, host, port)
}

function checked(token: string, rawHost: string, port: number): SshCommandResult {
  const tokenProblem = checkToken(token)
  if (tokenProblem) return fail(tokenProblem)
  const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost
  const hostProblem = checkHost(host, rawHost)
  if (hostProblem) return fail(hostProblem)
  const parsed = { token, host, port }
  return { ok: true, ...parsed, readOnly: token.startsWith('ro-'), command: formatSshCommand(parsed) }
}

/**
 * A message, or undefined when tmate-ssh-server would accept the token (`[A-Za-z0-9-_/]`, more than 2
 * characters) and ssh could pass it on (not starting with `-`).
 */
export function checkToken(token: string): string | undefined {
  if (token === '') return 'The session token before the @ is missing. It should be TOKEN@HOST.'
  const bad = /[^A-Za-z0-9_/-]/.exec(token)
  if (bad) {
    return `The session token contains "${bad[0]}", which tmate never uses in tokens (only letters, digits, -, _ and /). Copy the token again from the log.`
  }
  if (token.length <= 2) {
    return `The session token "${token}" is too short: tmate tokens are longer than 2 characters. Copy the whole token from the log.`
  }
  // In `ssh -TOKEN@HOST` ssh would take the token for an option, so no session can be reached with it.
  if (token.startsWith('-')) {
    return 'The session token starts with "-", which ssh would read as an option, so it cannot be a session\'s token. Copy the token again from the log.'
  }
  return undefined
}

/** A message, or undefined for a host name, IPv4 address or IPv6 address. */
export function checkHost(host: string, shown: string = host): string | undefined {
  if (host === '') return 'The host after the @ is missing. It should be TOKEN@HOST.'
  if (host.includes(':')) {
    return /^[0-9A-Fa-f:.]+$/.test(host) && host.split(':').length > 2
      ? undefined
      : `"${shown}" is not a host name or IP address.`
  }
  if (/^[\d.]+$/.test(host)) {
    const octets = host.split('.')
    const valid = octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
    return valid ? undefined : `"${shown}" is not a valid IPv4 address.`
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host
  const labels = name.split('.')
  const validLabel = (label: string): boolean => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)
  if (name.length > 253 || !labels.every(validLabel)) {
    return `"${shown}" is not a valid host name (letters, digits, - and dots, e.g. nyc1.tmate.io).`
  }
  return undefined
}

/** The port number, or a message. */
function parsePort(text: string): number | string {
  if (text === '') return 'The port is missing. Write it as -p2200 or -p 2200.'
  if (!/^\d+$/.test(text)) return `"${text}" is not a port number. Ports are whole numbers from 1 to 65535.`
  const port = Number(text)
  if (port < 1 || port > 65535) return `Port ${text} is out of range. Ports are whole numbers from 1 to 65535.`
  return port
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message }
}
