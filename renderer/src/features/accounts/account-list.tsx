import { useState } from 'react'
import type { AccountSummary } from '@shared/api'
import { bridge } from '../../bridge'
import { removeAccount, selectAccount, useAccountsStore } from '../../store/accounts-store'
import { navigate } from '../../store/browse-store'
import { showSession } from '../../store/sessions-store'
import { ConfirmDialog } from '../common/confirm-dialog'
import { ErrorText } from '../common/error-text'

export function AccountList() {
  const accounts = useAccountsStore((state) => state.accounts)
  const currentId = useAccountsStore((state) => state.currentId)
  const [removing, setRemoving] = useState<AccountSummary>()
  const [error, setError] = useState<string>()

  return (
    <section className="sidebar-section" aria-labelledby="sidebar-accounts">
      <h2 id="sidebar-accounts">Accounts</h2>
      {accounts.length === 0 ? <p className="muted">No accounts yet.</p> : null}
      <ul className="account-list" aria-label="Accounts">
        {accounts.map((account) => (
          <li key={account.id} className={account.id === currentId ? 'account current' : 'account'}>
            <button
              type="button"
              className="account-switch"
              aria-current={account.id === currentId ? 'true' : undefined}
              aria-label={`Switch to @${account.login} on ${account.endpoint.label}`}
              onClick={() => {
                selectAccount(account.id)
                // The sidebar navigates at any time: a session on screen makes way for the account's repositories.
                showSession(undefined)
                navigate({ name: 'repos' })
              }}
            >
              <span className="account-login">@{account.login}</span>
              <span className="account-endpoint">{account.endpoint.label}</span>
            </button>
            {account.tokenRejected ? (
              <div className="account-warning">
                <span role="status">Token rejected</span>
                <button type="button" onClick={() => navigate({ name: 'add-account', replaceFor: account.id })}>
                  Replace token
                </button>
              </div>
            ) : null}
            <button type="button" className="icon-button" aria-label={`Remove @${account.login} on ${account.endpoint.label}`} onClick={() => setRemoving(account)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => navigate({ name: 'add-account' })}>
        + Add account
      </button>
      <ErrorText message={error} inline />
      {removing ? (
        <ConfirmDialog
          title={`Remove @${removing.login}?`}
          confirmLabel="Remove account"
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            const target = removing
            setRemoving(undefined)
            removeAccount(bridge(), target.id).then(
              () => setError(undefined),
              (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
            )
          }}
        >
          Shipmate forgets this account and deletes its token from the OS keychain. Your Travis account itself is not touched.
        </ConfirmDialog>
      ) : null}
    </section>
  )
}
