import { useEffect, useMemo, useRef, useState } from 'react'
import type { DebugRun } from '@shared/api'
import type { LogFold, TravisLog } from '@shared/parse/travis-log'
import { segmentStyle } from './ansi-style'
import { type FollowPause, followNote } from './log-follow'
import { SshCommandActions } from './ssh-command-actions'

const ROW_HEIGHT = 18

type Row = { kind: 'line'; index: number } | { kind: 'fold'; fold: LogFold; open: boolean }

/** Lines and folds as shown: a closed fold is one header row standing for all its lines. */
export function visibleRows(lineCount: number, folds: readonly LogFold[], opened: ReadonlySet<string>): Row[] {
  const starts = new Map<number, LogFold>()
  for (const fold of folds) if (fold.depth === 0 && !starts.has(fold.start)) starts.set(fold.start, fold)
  const rows: Row[] = []
  for (let index = 0; index < lineCount; index++) {
    const fold = starts.get(index)
    if (fold) {
      // A fold still being written stays open, so a running step is visible.
      const open = opened.has(foldKey(fold)) || fold.end === undefined
      rows.push({ kind: 'fold', fold, open })
      if (!open && fold.end !== undefined) {
        index = fold.end
        continue
      }
    }
    rows.push({ kind: 'line', index })
  }
  return rows
}

const foldKey = (fold: LogFold) => `${fold.name}@${fold.start}`

/**
 * The job log: ANSI colours, collapsed `travis_fold` sections, follow mode and search. Only the rows
 * in view are in the DOM, so a 50,000-line log scrolls as smoothly as a short one. Given its debug
 * run, it offers that run's SSH command, which the log itself shows masked, and says when following
 * pauses (the user scrolled up or searched) or stops (the run is over, so the log is read no more).
 */
export function LogViewer({ log, version, label, run }: { log: TravisLog; version: number; label: string; run?: DebugRun }) {
  const scroller = useRef<HTMLDivElement>(null)
  const [opened, setOpened] = useState<Set<string>>(new Set())
  const [follow, setFollowing] = useState(true)
  const [pause, setPause] = useState<FollowPause>()
  const setFollow = (on: boolean, why?: FollowPause) => {
    setFollowing(on)
    setPause(on ? undefined : why)
  }
  const note = followNote(run, follow ? undefined : pause)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
  const [query, setQuery] = useState('')
  const [match, setMatch] = useState<{ line: number; ordinal: number; total: number }>()

  // The last line may still be unfinished (no newline yet, or a log that ends without one): it shows too.
  const partial = log.partialLine
  const lineCount = log.lines.length + (partial ? 1 : 0)
  const lineAt = (index: number) => (index < log.lines.length ? log.lines[index] : partial)
  const rows = useMemo(() => visibleRows(lineCount, log.folds, opened), [log, version, opened, lineCount])

  useEffect(() => {
    const element = scroller.current
    if (!element) return
    const observer = new ResizeObserver(() => setHeight(element.clientHeight))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    if (follow && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight
  }, [follow, rows.length])

  /** Finds `needle` after (or before) line `from`; typing searches again from the top. */
  const find = (direction: 1 | -1, needle = query.trim().toLowerCase(), from = match?.line ?? -1) => {
    if (!needle) {
      setMatch(undefined)
      return
    }
    const hits: number[] = []
    for (let index = 0; index < lineCount; index++) {
      if (lineAt(index)?.text.toLowerCase().includes(needle)) hits.push(index)
    }
    if (hits.length === 0) {
      setMatch({ line: -1, ordinal: 0, total: 0 })
      return
    }
    const next = direction === 1 ? (hits.find((line) => line > from) ?? hits[0]) : ([...hits].reverse().find((line) => line < from) ?? hits[hits.length - 1])
    if (next === undefined) return
    const hidden = log.folds.find((fold) => fold.depth === 0 && fold.end !== undefined && next > fold.start && next <= fold.end && !opened.has(foldKey(fold)))
    const nextOpened = hidden ? new Set(opened).add(foldKey(hidden)) : opened
    if (hidden) setOpened(nextOpened)
    setFollow(false, 'searched')
    setMatch({ line: next, ordinal: hits.indexOf(next) + 1, total: hits.length })
    const rowIndex = visibleRows(lineCount, log.folds, nextOpened).findIndex((row) => row.kind === 'line' && row.index === next)
    requestAnimationFrame(() => {
      if (scroller.current) scroller.current.scrollTop = Math.max(0, rowIndex * ROW_HEIGHT - height / 2)
    })
  }

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 10)
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 10)

  return (
    <div className="log-viewer">
      {run ? <SshCommandActions key={run.id} run={run} /> : null}
      <div className="log-toolbar">
        <input
          type="search"
          aria-label="Search the log"
          placeholder="Search the log"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            find(1, event.target.value.trim().toLowerCase(), -1)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') find(event.shiftKey ? -1 : 1)
          }}
        />
        <span className="muted" role="status" aria-label="Search result">
          {match ? (match.total === 0 ? 'No match' : `${match.ordinal} of ${match.total}`) : ''}
        </span>
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked, 'unchecked')} /> Follow
        </label>
        <span className="muted">{lineCount.toLocaleString()} lines</span>
        {run ? (
          // Always in the page, even empty, so that screen readers announce each change of it.
          <span role="status" aria-label="Log following">
            {note}
            {!follow && !run.terminal ? (
              <>
                {' '}
                <button type="button" onClick={() => setFollow(true)}>
                  Jump to the end
                </button>
              </>
            ) : null}
          </span>
        ) : null}
      </div>
      <div
        ref={scroller}
        className="log-lines"
        role="log"
        aria-label={label}
        onScroll={(event) => {
          const element = event.currentTarget
          setScrollTop(element.scrollTop)
          const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT * 2
          if (follow !== atBottom) setFollow(atBottom, 'scrolled')
        }}
      >
        <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
          {rows.slice(first, last).map((row, offset) => {
            const top = (first + offset) * ROW_HEIGHT
            if (row.kind === 'fold') {
              const key = foldKey(row.fold)
              return (
                <button
                  key={`f${key}`}
                  type="button"
                  className="log-fold"
                  style={{ top }}
                  aria-expanded={row.open}
                  onClick={() => {
                    const next = new Set(opened)
                    if (next.has(key)) next.delete(key)
                    else next.add(key)
                    setOpened(next)
                  }}
                >
                  {row.open ? '▾' : '▸'} {row.fold.name}
                  {row.fold.durationMs !== undefined ? <span className="muted"> {(row.fold.durationMs / 1000).toFixed(2)} s</span> : null}
                </button>
              )
            }
            const line = lineAt(row.index)
            return (
              <div key={`l${row.index}`} className={row.index === match?.line ? 'log-line log-match' : 'log-line'} style={{ top }}>
                <span className="log-number">{row.index + 1}</span>
                {line?.segments.map((segment, index) => (
                  <span key={index} style={segmentStyle(segment.style)}>
                    {segment.text}
                  </span>
                ))}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
