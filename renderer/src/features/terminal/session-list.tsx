import { showSession, useSessionsStore } from '../../store/sessions-store'

export function SessionList() {
  const order = useSessionsStore((state) => state.order)
  const sessions = useSessionsStore((state) => state.sessions)
  const currentId = useSessionsStore((state) => state.currentId)
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-sessions">
      <h2 id="sidebar-sessions">Sessions</h2>
      {order.length === 0 ? <p className="muted">No debug sessions.</p> : null}
      <ul className="account-list" aria-label="Sessions">
        {order.map((id) => {
          const session = sessions[id]
          if (!session) return null
          return (
            <li key={id} className={id === currentId ? 'account current' : 'account'}>
              <button type="button" className="account-switch" aria-current={id === currentId ? 'true' : undefined} onClick={() => showSession(id)}>
                <span className="account-login">
                  {session.title}
                  {session.alert ? (
                    <span className="badge badge-alert" aria-label="Someone else joined">
                      {' '}
                      ⚠ {session.mates ?? ''}
                    </span>
                  ) : null}
                </span>
                <span className="account-endpoint">{session.state}</span>
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
