import { useLayoutEffect, useRef } from 'react'
import { useSessionsStore } from '../../store/sessions-store'
import { SessionTimeline } from '../alerts/session-timeline'

/** How close to the end of the list counts as "at the end": a user who scrolled up to read stays where they are. */
const STICK_PX = 24

/**
 * The session's timeline in a drawer of fixed height under the terminal: the strip with a legend
 * for its colours, then the entries, scrolled so the newest stays in view while the user is at the
 * end of the list.
 */
export function TimelineDrawer({ sessionId, openedAt, id }: { sessionId: string; openedAt: string; id: string }) {
  const drawer = useRef<HTMLDivElement>(null)
  const count = useSessionsStore((state) => state.timelines[sessionId]?.length ?? 0)
  const atEnd = useRef(true)

  useLayoutEffect(() => {
    const list = drawer.current?.querySelector('.timeline-events')
    if (!(list instanceof HTMLElement)) return
    const onScroll = () => {
      atEnd.current = list.scrollHeight - list.scrollTop - list.clientHeight < STICK_PX
    }
    list.addEventListener('scroll', onScroll)
    return () => list.removeEventListener('scroll', onScroll)
  }, [])

  useLayoutEffect(() => {
    const list = drawer.current?.querySelector('.timeline-events')
    if (list instanceof HTMLElement && atEnd.current) list.scrollTop = list.scrollHeight
  }, [count])

  return (
    <div className="timeline-drawer" id={id} ref={drawer}>
      <ul className="timeline-legend" aria-label="What the strip's colours mean">
        <li>
          <span className="legend-swatch strip-alone" aria-hidden="true" /> only you
        </li>
        <li>
          <span className="legend-swatch strip-others" aria-hidden="true" /> someone else in
        </li>
        <li>
          <span className="legend-swatch strip-unknown" aria-hidden="true" /> count unknown
        </li>
      </ul>
      <SessionTimeline sessionId={sessionId} openedAt={openedAt} />
    </div>
  )
}
