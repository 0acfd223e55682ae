import { EmptyState } from './features/shell/empty-state'
import { KeychainBanner } from './features/shell/keychain-banner'
import { Notices } from './features/shell/notices'
import { Sidebar } from './features/shell/sidebar'
import { useAppStore } from './store/app-store'

export function App() {
  const fatal = useAppStore((state) => state.fatal)
  const ready = useAppStore((state) => state.info !== undefined)
  return (
    <div className="app" data-ready={ready ? 'true' : 'false'}>
      <Sidebar />
      <main className="main" aria-label="Main area">
        {fatal ? (
          <div role="alert" className="banner banner-error">
            {fatal}
          </div>
        ) : null}
        <KeychainBanner />
        <Notices />
        <EmptyState />
      </main>
    </div>
  )
}
