import type { ShipmateBridge } from '@shared/api'

declare global {
  interface Window {
    /** Put there by the Electron preload; absent in browser mode. */
    shipmate?: ShipmateBridge
  }
}
