import { bridge } from '../../bridge'
import { recheckKeychain, useAppStore } from '../../store/app-store'

const titles = { locked: 'The OS keychain is locked', missing: 'No OS keychain is available' } as const

/** Shown only when tokens cannot be stored: Shipmate never falls back to a plaintext file. */
export function KeychainBanner() {
  const keychain = useAppStore((state) => state.info?.keychain)
  const checking = useAppStore((state) => state.checkingKeychain)
  if (!keychain || keychain.state === 'available') return null
  return (
    <div role="status" className="banner banner-warning" aria-label="Keychain status">
      <strong>{titles[keychain.state]}.</strong> Shipmate keeps Travis tokens only in the keychain, so accounts cannot
      be added until it works: {keychain.reason}{' '}
      <button type="button" onClick={() => void recheckKeychain(bridge())} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>
    </div>
  )
}
