import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { SessionSummary, TmateWindow } from '@shared/api'
import { TRAVIS_PHASES } from '@shared/types/sessions'
import { bridge } from '../../bridge'
import { runForSession, runLogs, useDebugStore } from '../../store/debug-store'
import { jobActionsOf, useSessionsStore } from '../../store/sessions-store'
import { AlertBanner } from '../alerts/alert-banner'
import { GuardStatus } from '../alerts/guard-status'
import { ConfirmDialog } from '../common/confirm-dialog'
import { ErrorText } from '../common/error-text'
import { LogViewer } from '../debug/log-viewer'
import { ConnectionStatus } from './connection-status'
import { EchoIdleNotice } from './echo-idle-notice'
import { terminals } from './terminal-registry'
import { SessionHeader } from './session-header'
import { TerminalSearch } from './terminal-search'
import { pasteLines, pastePreview } from './paste-lines'
import { returnFromSession } from './return-from-session'
import { TimelineDrawer } from './timeline-drawer'
import { WindowTabs } from './window-tabs'
import '@xterm/xterm/css/xterm.css'

/** The session: header, tmate windows as tabs, the terminal, and the build-phase palette. */
export function SessionView({ sessionId }: { sessionId: string }) {
  const session = useSessionsStore((state) => state.sessions[sessionId])
  const container = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<string>()
  const [pasteCheck, setPasteCheck] = useState<string>()
  const [closing, setClosing] = useState<TmateWindow>()
  const [showLog, setShowLog] = useState(true)
  const [searching, setSearching] = useState(false)
  const [showTimeline, setShowTimeline] = useState(false)
  const [deleting, setDeleting] = useState(false)
  // Read from the timeline: the log may have been deleted from the alert banner as well.
  const logDeleted = useSessionsStore((state) => jobActionsOf(state.timelines[sessionId] ?? []).logDeleted)
  const run = useDebugStore((state) => runForSession(state, sessionId))
  const logVersion = useDebugStore((state) => (run ? (state.logVersion[run.id] ?? 0) : 0))
  const log = run ? runLogs.get(run.id) : undefined

  const act = (work: () => Promise<unknown>) => {
    setError(undefined)
    work().catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
  }

  useLayoutEffect(() => {
    if (!container.current) return
    terminals.show(sessionId, container.current)
    const observer = new ResizeObserver(() => terminals.fit(sessionId))
    observer.observe(container.current)
    return () => observer.disconnect()
  }, [sessionId])

  useEffect(() => {
    const entry = terminals.get(sessionId)
    // Multi-line pastes into a shared shell run every line: ask first. xterm.js brackets the paste itself.
    const textarea = entry.term.textarea
    const onPaste = (event: ClipboardEvent) => {
      const text = event.clipboardData?.getData('text/plain') ?? ''
      if (text.includes('\n') && text.trim().includes('\n')) {
        event.preventDefault()
        event.stopImmediatePropagation()
        setPasteCheck(text)
      }
    }
    textarea?.addEventListener('paste', onPaste, { capture: true })
    return () => textarea?.removeEventListener('paste', onPaste, { capture: true })
  }, [sessionId])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey
      if (!mod) return
      if (event.shiftKey && event.key.toLowerCase() === 'c') {
        const selection = terminals.get(sessionId).term.getSelection()
        if (selection) {
          event.preventDefault()
          void navigator.clipboard?.writeText(selection)
        }
      } else if (event.shiftKey && event.key.toLowerCase() === 'v') {
        event.preventDefault()
        void navigator.clipboard?.readText().then((text) => {
          if (text.trim().includes('\n')) setPasteCheck(text)
          else if (text) terminals.get(sessionId).term.paste(text)
        })
      } else if (event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault()
        setSearching(true)
      } else if (event.shiftKey && event.key.toLowerCase() === 't') {
        event.preventDefault()
        act(() => bridge().request('sessions.newWindow', { sessionId }))
      } else if (!event.shiftKey && /^[1-9]$/.test(event.key)) {
        event.preventDefault()
        act(() => bridge().request('sessions.selectWindow', { sessionId, index: Number(event.key) - 1 }))
      } else if (event.key === '=' || event.key === '+') {
        event.preventDefault()
        terminals.zoom(sessionId, 1)
      } else if (event.key === '-') {
        event.preventDefault()
        terminals.zoom(sessionId, -1)
      } else if (event.key === '0') {
        event.preventDefault()
        terminals.zoom(sessionId, 'reset')
      }
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [sessionId])

  if (!session) return null
  return (
    <section className="session" aria-label={`Session ${session.title}`}>
      <SessionHeader session={session} detection={<GuardStatus session={session} />} onClosed={() => returnFromSession(sessionId)} />
      <AlertBanner session={session} />
      <ConnectionStatus session={session} />
      <EchoIdleNotice session={session} run={run} screenChangedAt={() => terminals.screenChangedAt(sessionId)} />
      <WindowTabs session={session} act={act} onClose={setClosing} />
      <ErrorText message={error} />
      {run && session.state === 'ended' && !logDeleted ? (
        <div className="banner banner-warning" role="status">
          The job log still holds this session&apos;s SSH line.
          <button type="button" onClick={() => setDeleting(true)}>
            Delete log
          </button>
        </div>
      ) : null}
      {searching ? <TerminalSearch sessionId={sessionId} onClose={() => setSearching(false)} /> : null}
      <div className="session-body">
        <div className="terminal-frame" ref={container} />
        {run && log && showLog ? (
          <aside className="session-log" aria-label="Job log">
            <LogViewer log={log} version={logVersion} label={`Log of job #${run.jobNumber}`} run={run} />
          </aside>
        ) : null}
      </div>
      {showTimeline ? <TimelineDrawer id={`timeline-${sessionId}`} sessionId={sessionId} openedAt={session.openedAt} /> : null}
      <div className="session-footer">
        <PhasePalette session={session} act={act} />
        <button type="button" aria-expanded={showTimeline} aria-controls={`timeline-${sessionId}`} onClick={() => setShowTimeline((value) => !value)}>
          Timeline
        </button>
        {run ? (
          <button type="button" aria-expanded={showLog} onClick={() => setShowLog((value) => !value)}>
            {showLog ? 'Hide the job log' : 'Show the job log'}
          </button>
        ) : null}
      </div>
      {deleting && run ? (
        <ConfirmDialog
          title="Delete the job log?"
          confirmLabel="Delete log"
          danger
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false)
            act(async () => {
              await bridge().request('jobs.deleteLog', { accountId: run.accountId, jobId: run.jobId })
            })
          }}
        >
          Travis deletes the log of job #{run.jobNumber}, and with it the SSH line anyone who reads the log could use.
        </ConfirmDialog>
      ) : null}
      {pasteCheck !== undefined ? (
        <ConfirmDialog
          title="Paste several lines?"
          confirmLabel="Paste"
          onCancel={() => setPasteCheck(undefined)}
          onConfirm={() => {
            terminals.get(sessionId).term.paste(pasteCheck)
            setPasteCheck(undefined)
          }}
        >
          <p>
            You are pasting {pasteLines(pasteCheck).length} lines into a shell that everyone in this session shares; each line may run as a
            command.
          </p>
          <PastePreview text={pasteCheck} />
        </ConfirmDialog>
      ) : null}
      {closing ? (
        <ConfirmDialog
          title={`Close window ${closing.index}: ${closing.name}?`}
          confirmLabel="Close window"
          danger
          onCancel={() => setClosing(undefined)}
          onConfirm={() => {
            const target = closing
            setClosing(undefined)
            act(() => bridge().request('sessions.closeWindow', { sessionId, index: target.index }))
          }}
        >
          Shipmate types <code>exit</code> into that window&apos;s shell. Closing the last window ends the debug session for everyone.
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

/** The start of what is about to be pasted, so the user checks the text and not only its length. */
function PastePreview({ text }: { text: string }) {
  const { lines, more } = pastePreview(text)
  return (
    <>
      <pre className="paste-preview" aria-label="Text to paste" tabIndex={0}>
        {lines.join('\n')}
      </pre>
      {more > 0 ? <p className="muted">and {more.toLocaleString()} more lines</p> : null}
    </>
  )
}

function PhasePalette({ session, act }: { session: SessionSummary; act: (work: () => Promise<unknown>) => void }) {
  const [open, setOpen] = useState(false)
  if (session.readOnly) return null
  return (
    <div className="phases">
      <button type="button" aria-expanded={open} onClick={() => setOpen((value) => !value)} disabled={session.state !== 'connected'}>
        Build phases
      </button>
      {open ? (
        <ul role="menu" aria-label="Build phases" className="phase-menu">
          {TRAVIS_PHASES.map((phase) => (
            <li key={phase} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false)
                  act(() => bridge().request('sessions.runPhase', { sessionId: session.id, phase }))
                }}
              >
                travis_run_{phase}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
