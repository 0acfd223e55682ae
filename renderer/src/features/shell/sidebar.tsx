import { AccountList } from '../accounts/account-list'

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⚓
        </span>
        Shipmate
      </div>
      <AccountList />
      <section className="sidebar-section" aria-labelledby="sidebar-sessions">
        <h2 id="sidebar-sessions">Sessions</h2>
        <p className="muted">No debug sessions.</p>
      </section>
    </nav>
  )
}
