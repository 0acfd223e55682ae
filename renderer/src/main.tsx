import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { startWebNotifications } from './features/alerts/web-notifications'
import { startTheme } from './features/shell/theme'
import { bridge } from './bridge'
import { startAccountsStore } from './store/accounts-store'
import { startAppStore } from './store/app-store'
import { startBrowseStore } from './store/browse-store'
import { startDebugStore } from './store/debug-store'
import { startSessionsStore } from './store/sessions-store'
import './styles.css'
import './features/desktop/desktop-open'

startTheme()
void startAppStore(bridge())
void startAccountsStore(bridge())
startBrowseStore(bridge())
void startSessionsStore(bridge())
void startDebugStore(bridge())
startWebNotifications(bridge())

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
