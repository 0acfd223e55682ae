/** Enough of someone's input to recognise it in a message; more only helps whoever floods it. */
export const ECHO_MAX_CHARS = 60

/**
 * Input repeated back in an error or a log line (a method name, a command, an Origin header): at
 * most ECHO_MAX_CHARS characters, then "…". Control characters become "�", so an echo can neither
 * move a terminal's cursor nor start a line of its own in a log.
 */
export function echoInput(text: string): string {
  let echoed = ''
  let count = 0
  for (const char of text) {
    if (count === ECHO_MAX_CHARS) return `${echoed}…`
    echoed += /\p{Cc}/u.test(char) ? '\uFFFD' : char
    count++
  }
  return echoed
}
