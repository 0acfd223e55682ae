/**
 * How an alert reaches the user outside the app window. Electron supplies OS notifications and
 * browser mode its own; electron/core never imports either, so it runs the same in both.
 */
export interface Notifier {
  /** `sessionId` names the session the alert is about, so a click can lead there. */
  notify(title: string, body: string, sessionId: string): void
}
