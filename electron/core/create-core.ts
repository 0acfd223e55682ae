import type { AppInfo, KeychainStatus, Notice, RequestArgs, RequestMethod, RequestResult } from '@shared/api'
import type { Keychain } from './accounts/keychain'
import { UserError } from './errors'
import { EventHub } from './events'
import type { Logger } from './log'

export interface CoreDeps {
  dataDir: string
  version: string
  host: AppInfo['host']
  keychain: Keychain
  log: Logger
  /** Opens an http(s) URL in the user's browser. Only ever called with a checked URL. */
  openExternal: (url: string) => Promise<void>
  now?: () => Date
}

export type Handlers = {
  [M in RequestMethod]: (args: RequestArgs<M>) => Promise<Awaited<RequestResult<M>>>
}

export interface Core {
  readonly events: EventHub
  handle<M extends RequestMethod>(method: M, args: RequestArgs<M>): Promise<Awaited<RequestResult<M>>>
  /** Things the user must see (a restored file, a keychain change) that happened outside a request. */
  notify(level: Notice['level'], message: string): void
  dispose(): Promise<void>
}

/** The composition root: every service is built here from injected dependencies. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const events = new EventHub()
  const now = deps.now ?? (() => new Date())
  const notices: Notice[] = []
  let keychain: KeychainStatus = await deps.keychain.status()
  let noticeCounter = 0

  const notify: Core['notify'] = (level, message) => {
    noticeCounter += 1
    const notice: Notice = { id: `n${noticeCounter}`, level, message, at: now().toISOString() }
    notices.push(notice)
    deps.log[level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'info'](message)
    events.emit('app.notice', notice)
  }

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'Shipmate',
      version: deps.version,
      dataDir: deps.dataDir,
      keychain,
      host: deps.host,
    }),
    'app.notices': async () => [...notices],
    'app.dismissNotice': async ({ id }) => {
      const index = notices.findIndex((notice) => notice.id === id)
      if (index >= 0) notices.splice(index, 1)
    },
    'app.recheckKeychain': async () => {
      const next = await deps.keychain.status()
      if (next.state !== keychain.state || next.reason !== keychain.reason) {
        keychain = next
        events.emit('app.keychainChanged', next)
      }
      return keychain
    },
    'app.openExternal': async ({ url }) => {
      await deps.openExternal(checkExternalUrl(url))
    },
  }

  return {
    events,
    notify,
    handle: (method, args) => handlers[method](args),
    dispose: async () => {},
  }
}

/** Only http(s) URLs leave the app, parsed with a real URL parser rather than string prefixes. */
export function checkExternalUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UserError(`"${raw}" is not a web address Shipmate can open.`, 'bad_url', 'url')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError('Shipmate opens only http and https links in your browser.', 'bad_url', 'url')
  }
  return url.toString()
}
