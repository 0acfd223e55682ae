import type { RequestMethod } from './api'

/** Electron IPC channel names, derived here and nowhere else. */
export const channelFor = (method: RequestMethod): string => `shipmate:${method}`
export const EVENT_CHANNEL = 'shipmate:event'
