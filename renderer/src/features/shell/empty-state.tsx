import { useAppStore } from '../../store/app-store'
import { navigate } from '../../store/browse-store'

export function EmptyState() {
  const keychain = useAppStore((state) => state.info?.keychain)
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h1 id="empty-title">Get into a failed Travis job, safely</h1>
      <p>
        Shipmate restarts a Travis CI job in debug mode, waits for its SSH line, opens the session here and tells you
        the moment anybody else joins it.
      </p>
      <p>Start by adding the Travis account whose builds you want to debug. Its API token is kept in your OS keychain.</p>
      <button
        type="button"
        className="primary"
        disabled={keychain !== undefined && keychain.state !== 'available'}
        onClick={() => navigate({ name: 'add-account' })}
      >
        Add a Travis account
      </button>
    </section>
  )
}
