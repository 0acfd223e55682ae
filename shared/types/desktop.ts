import type { DeepLinkResult } from '../parse/deep-link'

/**
 * What the desktop host asks the page to show, from outside the page: a link handed to the app, the
 * session the user picked in the tray or a notification, or the File menu's paste flow. The page
 * always shows it and waits for the user; nothing here connects or restarts anything.
 */
export type DesktopOpen =
  | { readonly what: 'link'; readonly result: DeepLinkResult }
  | { readonly what: 'session'; readonly sessionId: string }
  | { readonly what: 'ssh-paste' }
