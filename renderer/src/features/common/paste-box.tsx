import { useEffect, useState } from 'react'
import { ErrorText } from './error-text'

interface PasteBoxProps {
  label: string
  placeholder: string
  button: string
  /** Throws with a message the user can act on when the input is not understood. */
  onSubmit: (text: string) => Promise<void>
  /** The screen under the box: an error belongs to the screen it was made on and leaves with it. */
  screen?: unknown
}

/** One line of pasted text (a Travis URL, an SSH command), submitted with Enter, errors shown below. */
export function PasteBox({ label, placeholder, button, onSubmit, screen }: PasteBoxProps) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  useEffect(() => setError(undefined), [screen])

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!text.trim()) return
    setBusy(true)
    setError(undefined)
    try {
      await onSubmit(text)
      setText('')
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="paste-url" onSubmit={(event) => void submit(event)}>
      <input
        aria-label={label}
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          setError(undefined)
        }}
        spellCheck={false}
        autoComplete="off"
        disabled={busy}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        {button}
      </button>
      <ErrorText message={error} inline />
    </form>
  )
}
