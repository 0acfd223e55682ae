import { useState } from 'react'
import { terminals } from './terminal-registry'

/** Find in the terminal's screen and scrollback (Ctrl/Cmd+Shift+F); Enter finds the next match. */
export function TerminalSearch({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<boolean>()
  const find = (backwards: boolean) => {
    if (!query) return
    const search = terminals.get(sessionId).search
    setFound(backwards ? search.findPrevious(query) : search.findNext(query))
  }
  return (
    <div className="terminal-search" role="search">
      <input
        type="search"
        aria-label="Search the terminal"
        placeholder="Search the terminal"
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          setFound(undefined)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') find(event.shiftKey)
          if (event.key === 'Escape') {
            terminals.get(sessionId).search.clearDecorations()
            onClose()
          }
        }}
      />
      <span className="muted" role="status" aria-label="Terminal search result">
        {found === false ? 'No match' : ''}
      </span>
      <button type="button" onClick={onClose}>
        Close search
      </button>
    </div>
  )
}
