import type { ShipmateBridge } from '@shared/api'

/**
 * Shows the core's alert notifications through the Web Notifications API, asking for permission
 * once. Electron shows native notifications from the main process and never sends these.
 */
export function startWebNotifications(api: ShipmateBridge): void {
  api.on('alerts.notify', ({ title, body }) => {
    if (typeof Notification === 'undefined') return
    const show = () => new Notification(title, { body, requireInteraction: true })
    if (Notification.permission === 'granted') show()
    else if (Notification.permission === 'default') {
      void Notification.requestPermission().then((answer) => {
        if (answer === 'granted') show()
      })
    }
  })
}
