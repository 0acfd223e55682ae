import { useState } from 'react'
import type { SessionSummary, TmateWindow } from '@shared/api'
import { bridge } from '../../bridge'

interface WindowTabsProps {
  session: SessionSummary
  act: (work: () => Promise<unknown>) => void
  onClose: (window: TmateWindow) => void
}

/** One tab per tmate window. Selecting one switches it for everyone in the session, so the UI says so. */
export function WindowTabs({ session, act, onClose }: WindowTabsProps) {
  const [renaming, setRenaming] = useState<number>()
  const [name, setName] = useState('')
  const writable = !session.readOnly && session.state === 'connected'
  const current = session.windows.find((window) => window.current)

  return (
    <div className="tabs-bar">
      <div role="tablist" aria-label="tmate windows" className="tabs">
        {session.windows.map((window) =>
          renaming === window.index ? (
            <form
              key={window.index}
              className="tab-rename"
              onSubmit={(event) => {
                event.preventDefault()
                setRenaming(undefined)
                if (name.trim()) act(() => bridge().request('sessions.renameWindow', { sessionId: session.id, index: window.index, name: name.trim() }))
              }}
            >
              <input
                aria-label={`New name for window ${window.index}`}
                value={name}
                autoFocus
                onChange={(event) => setName(event.target.value)}
                onBlur={() => setRenaming(undefined)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') setRenaming(undefined)
                }}
              />
            </form>
          ) : (
            <button
              key={window.index}
              type="button"
              role="tab"
              className="tab"
              aria-selected={window.current}
              disabled={!writable && !window.current}
              onClick={() => act(() => bridge().request('sessions.selectWindow', { sessionId: session.id, index: window.index }))}
              onDoubleClick={() => {
                if (!writable) return
                setName(window.name)
                setRenaming(window.index)
              }}
            >
              {window.index}: {window.name}
            </button>
          ),
        )}
      </div>
      {writable ? (
        <div className="tab-actions">
          <button type="button" aria-label="New window" title="New window (Ctrl+Shift+T)" onClick={() => act(() => bridge().request('sessions.newWindow', { sessionId: session.id }))}>
            +
          </button>
          {current ? (
            <>
              <button
                type="button"
                aria-label={`Rename window ${current.index}`}
                onClick={() => {
                  setName(current.name)
                  setRenaming(current.index)
                }}
              >
                Rename window
              </button>
              <button type="button" aria-label={`Close window ${current.index}`} onClick={() => onClose(current)}>
                Close window
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      <p className="shared-note muted">The current window is shared: switching it switches it for everyone in the session.</p>
    </div>
  )
}
