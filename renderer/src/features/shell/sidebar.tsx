import { AccountList } from '../accounts/account-list'
import { SessionList } from '../terminal/session-list'
import { ThemePicker } from './theme-picker'

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
      <SessionList />
      <div className="sidebar-foot">
        <ThemePicker />
      </div>
    </nav>
  )
}
