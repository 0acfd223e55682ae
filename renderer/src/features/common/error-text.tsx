/** A failure to show the user: a banner, or `inline` as a line under the control it belongs to. */
export function ErrorText({ message, inline = false }: { message: string | undefined; inline?: boolean }) {
  if (!message) return null
  return inline ? (
    <p role="alert" className="error-text">
      {message}
    </p>
  ) : (
    <div role="alert" className="banner banner-error">
      {message}
    </div>
  )
}
