/** Longer than this, a message shows its first sentence and keeps the rest one click away. */
const SHORT = 120

/** A message's first sentence and the rest, for a long one; a short one stays whole. */
export function splitMessage(message: string): { head: string; rest: string | undefined } {
  if (message.length <= SHORT) return { head: message, rest: undefined }
  const end = /[.!?:]\s+(?=[A-Z"“(])/.exec(message)
  if (!end) return { head: message, rest: undefined }
  const cut = end.index + 1
  return { head: message.slice(0, cut), rest: message.slice(cut).trim() }
}

/**
 * A failure to show the user: a banner, or `inline` as a line under the control it belongs to.
 * One or two lines, not a wall of red: a long message shows what happened, the rest (what
 * Shipmate understands, what to try) opens under "More".
 */
export function ErrorText({ message, inline = false }: { message: string | undefined; inline?: boolean }) {
  if (!message) return null
  const { head, rest } = splitMessage(message)
  return (
    <div role="alert" className={inline ? 'error-text' : 'banner banner-error'}>
      <span className="error-head">{head}</span>
      {rest ? (
        <details className="error-more">
          <summary>More</summary>
          {rest}
        </details>
      ) : null}
    </div>
  )
}
