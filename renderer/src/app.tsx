import { lazy, Suspense } from 'react'
import { AddAccount } from './features/accounts/add-account'
import { BuildsView } from './features/browse/builds-view'
import { JobPicker } from './features/browse/job-picker'
import { LogView } from './features/browse/log-view'
import { DebugRunView } from './features/debug/debug-run-view'
import { PasteUrl } from './features/browse/paste-url'
import { RepoList } from './features/browse/repo-list'
import { EmptyState } from './features/shell/empty-state'
import { KeychainBanner } from './features/shell/keychain-banner'
import { Notices } from './features/shell/notices'
import { Sidebar } from './features/shell/sidebar'
import { HostKeyDialog } from './features/terminal/host-key-dialog'
import { PassphraseDialog } from './features/terminal/passphrase-dialog'
import { PasteSsh } from './features/terminal/paste-ssh'
import { useAccountsStore } from './store/accounts-store'
import { useAppStore } from './store/app-store'
import { useBrowseStore, type View } from './store/browse-store'
import { useSessionsStore } from './store/sessions-store'

// The session screen carries xterm.js and its addons, most of the renderer's code: it loads when the first session opens.
const SessionView = lazy(() => import('./features/terminal/session-view').then((module) => ({ default: module.SessionView })))

export function App() {
  const fatal = useAppStore((state) => state.fatal)
  const infoLoaded = useAppStore((state) => state.info !== undefined)
  const accountsLoaded = useAccountsStore((state) => state.loaded)
  const ready = infoLoaded && accountsLoaded
  const hasAccounts = useAccountsStore((state) => state.accounts.length > 0)
  const view = useBrowseStore((state) => state.view)
  const sessionId = useSessionsStore((state) => state.currentId)
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
        {sessionId ? (
          <Suspense fallback={<p role="status">Opening the session…</p>}>
            <SessionView sessionId={sessionId} />
          </Suspense>
        ) : (
          <>
            <div className="top-boxes">
              {hasAccounts ? <PasteUrl screen={view} /> : null}
              <PasteSsh screen={view} />
            </div>
            <MainView view={view} hasAccounts={hasAccounts} />
          </>
        )}
        <HostKeyDialog />
        <PassphraseDialog />
      </main>
    </div>
  )
}

function MainView({ view, hasAccounts }: { view: View; hasAccounts: boolean }) {
  switch (view.name) {
    case 'add-account':
      return <AddAccount replaceFor={view.replaceFor} />
    case 'builds':
      return <BuildsView repo={view.repo} />
    case 'jobs':
      return <JobPicker highlightJobId={view.highlightJobId} />
    case 'log':
      return <LogView jobNumber={view.jobNumber} />
    case 'debug':
      return <DebugRunView runId={view.runId} />
    case 'repos':
    case 'home':
      return hasAccounts ? <RepoList /> : <EmptyState />
  }
}
