import { formatSshCommand } from '@shared/parse/ssh-command'

/**
 * A tmate token is the whole secret of a session: whoever has it can type into the build VM.
 * Only these masked forms of it ever leave the core (summaries, events, logs, errors).
 */

/** `abcd…wxyz`: enough to tell two sessions apart, not enough to join one. */
export function maskToken(token: string): string {
  // Four and four of a short token would give most of it away.
  return token.length >= 12 ? `${tokenTag(token)}${token.slice(-4)}` : tokenTag(token)
}

/** `abcd…`: the start of the masked token, to name a session among others on the same host. */
export function tokenTag(token: string): string {
  return `${token.slice(0, token.length >= 12 ? 4 : 2)}…`
}

/** `ssh -p2200 abcd…wxyz@host`, in tmate's own command form. */
export function maskedCommand(target: { token: string; host: string; port: number }): string {
  return formatSshCommand({ token: maskToken(target.token), host: target.host, port: target.port })
}

/**
 * The token as a terminal may show it: as wide as the token (ASCII, so no width surprises), so
 * the screen layout tmux drew around it stays as it was.
 */
export function screenMask(token: string): string {
  const shown = screenMaskShows(token)
  return shown > 0 ? `${token.slice(0, shown)}${'*'.repeat(token.length - 2 * shown)}${token.slice(-shown)}` : '*'.repeat(token.length)
}

/** How many characters at each end of the token its screen mask shows as they are. */
export function screenMaskShows(token: string): number {
  return token.length >= 12 ? 4 : 0
}

/** Replaces the token in text that came from elsewhere (an ssh2 error message) before it is shown or logged. */
export function scrub(text: string, token: string): string {
  if (token === '') return text
  // Copies can overlap when the token ends the way it starts; masking only every other one would
  // leave a copy whole beside the mask, so a run of overlapping copies is masked as one.
  let out = ''
  let from = 0
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, from)) {
    let end = at + token.length
    for (let next = text.indexOf(token, at + 1); next >= 0 && next < end; next = text.indexOf(token, next + 1)) end = next + token.length
    out += text.slice(from, at) + maskToken(token)
    from = end
  }
  return out + text.slice(from)
}
