import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { bridge } from './bridge'
import { startAccountsStore } from './store/accounts-store'
import { startAppStore } from './store/app-store'
import { startBrowseStore } from './store/browse-store'
import './styles.css'

void startAppStore(bridge())
void startAccountsStore(bridge())
startBrowseStore(bridge())

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
