export function ErrorText({ message }: { message: string | undefined }) {
  if (!message) return null
  return (
    <div role="alert" className="banner banner-error">
      {message}
    </div>
  )
}
