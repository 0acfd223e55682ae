import type { ShipmateBridge } from '@shared/api'
import { createWebBridge } from './web-bridge'

let current: ShipmateBridge | undefined

/**
 * The one place that knows which host the renderer runs under: the Electron preload's
 * `window.shipmate`, or browser mode's WebSocket. Everything else imports `bridge()`.
 */
export function bridge(): ShipmateBridge {
  current ??= window.shipmate ?? createWebBridge()
  return current
}

/** External links leave through here only, and only when they are http(s). */
export function openExternal(url: string): void {
  const parsed = new URL(url)
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return
  if (bridge().host === 'electron') void bridge().request('app.openExternal', { url: parsed.toString() })
  else window.open(parsed.toString(), '_blank', 'noopener,noreferrer')
}
