import { bridge } from '../../bridge'
import { dismissNotice, useAppStore } from '../../store/app-store'

export function Notices() {
  const notices = useAppStore((state) => state.notices)
  if (notices.length === 0) return null
  return (
    <ul className="notices" aria-label="Notices">
      {notices.map((notice) => (
        <li key={notice.id} className={`banner banner-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span>{notice.message}</span>
          <button type="button" aria-label={`Dismiss: ${notice.message}`} onClick={() => void dismissNotice(bridge(), notice.id)}>
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  )
}
