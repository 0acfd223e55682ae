import { maskToken } from '../sessions/mask'

/**
 * A debug job's log prints tmate's SSH command in full (`ssh TOKEN@HOST`, `ssh -pPORT TOKEN@HOST`),
 * and the token is the whole secret of the session: whoever has it can type into the build VM.
 * The log leaves the core only through `maskLog`, which shows each token in its masked form.
 *
 * Travis hands the log out in parts as it is written, and a part may end anywhere, in the middle
 * of a token too. A half token masked on its own would show more of the token than its mask
 * does once the other half arrives, so a last, unfinished line that is or may become an SSH line
 * is left out until its line break arrives. Other unfinished lines (quiet mode's progress dots)
 * show at once.
 */

/** The user part of an SSH command: what tmate-ssh-server accepts as a token, before the `@`. */
const SSH_USER = /ssh(?::\/\/|(?:[ \t]+-p[ \t]*\d+)?[ \t]+)([A-Za-z0-9_/-]+)@/g
/** An unfinished line that may still turn into an SSH command: it has `ssh`, or ends on its start. */
const MAY_BECOME_SSH = /ssh|ss?$/
/**
 * Tokens this long are masked wherever they show (tmate's web address has the token too); a
 * shorter name in an SSH command is masked there only, since it may well be an ordinary word.
 */
const MASK_EVERYWHERE_FROM = 12

/** The log as it may leave the core: tokens masked, an unfinished line that may hold one left out. */
export function maskLog(raw: string): string {
  const lineEnd = raw.lastIndexOf('\n') + 1
  const complete = raw.slice(0, lineEnd)
  const unfinished = raw.slice(lineEnd)
  const tokens = new Set([...complete.matchAll(SSH_USER)].map((match) => match[1] ?? ''))
  const everywhere = [...tokens].filter((token) => token.length >= MASK_EVERYWHERE_FROM)
  const hold = MAY_BECOME_SSH.test(unfinished) || everywhere.some((token) => endsWithStartOf(unfinished, token))
  let shown = (hold ? complete : raw).replace(SSH_USER, (found, token: string) => found.replace(`${token}@`, `${maskToken(token)}@`))
  for (const token of everywhere) if (shown.includes(token)) shown = shown.split(token).join(maskToken(token))
  return shown
}

/** `text` ends with the first characters (not all) of `token`. */
function endsWithStartOf(text: string, token: string): boolean {
  for (let length = Math.min(token.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(token.slice(0, length))) return true
  }
  return false
}
