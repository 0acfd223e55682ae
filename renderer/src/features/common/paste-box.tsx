import { useState } from 'react'
import { ErrorText } from './error-text'

interface PasteBoxProps {
  label: string
  placeholder: string
  button: string
  /** Throws with a message the user can act on when the input is not understood. */
  onSubmit: (text: string) => Promise<void>
}

/** One line of pasted text (a Travis URL, an SSH command), submitted with Enter, errors shown below. */
export function PasteBox({ label, placeholder, button, onSubmit }: PasteBoxProps) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

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
        onChange={(event) => setText(event.target.value)}
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
