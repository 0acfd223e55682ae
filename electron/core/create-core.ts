import { homedir } from 'node:os'
import { join } from 'node:path'
import type { AppInfo, KeychainStatus, Notice, RendererFallbackReason, RequestArgs, RequestMethod, RequestResult } from '@shared/api'
import { emptyAccountsFile, parseAccountsFile } from './accounts/account-file'
import { Accounts, type ClientFactory } from './accounts/accounts'
import type { Keychain } from './accounts/keychain'
import { TravisCliImport } from './accounts/travis-cli-import'
import type { Notifier } from './alerts/notifier'
import { SessionAlerts } from './alerts/session-alerts'
import { TimelineStore } from './alerts/timeline-store'
import { DebugRuns } from './debug/debug-runs'
import { UserError } from './errors'
import { EventHub } from './events'
import type { Logger } from './log'
import { cleanDataDir } from './store/clean-data-dir'
import { JsonFile } from './store/json-file'
import { Sessions } from './sessions/sessions'
import { Browse } from './travis/browse'
import { TravisClient } from './travis/client'
import { resolveTravisUrlFor } from './travis/resolve-url'
import { FINISHED_STATES } from './travis/summaries'

const RENDERER_FALLBACK_WORDS: Record<RendererFallbackReason, string> = {
  no_webgl: 'this browser offers no WebGL 2.',
  software_webgl: 'WebGL here is emulated in software (a VM, a remote desktop), which draws slower than the DOM.',
  webgl_failed: "xterm.js's WebGL renderer failed to start.",
  context_lost: 'the WebGL context was lost (the GPU was reset or is busy elsewhere).',
}

export interface CoreDeps {
  dataDir: string
  version: string
  host: AppInfo['host']
  keychain: Keychain
  log: Logger
  /** Opens an http(s) URL in the user's browser. Only ever called with a checked URL. */
  openExternal: (url: string) => Promise<void>
  now?: () => Date
  fetch?: typeof fetch
  /** Where the travis CLI's config is looked for (`~/.travis`). */
  home?: string
  env?: NodeJS.ProcessEnv
  /** OS notifications (Electron); absent, alerts ask the page to show one. */
  notifier?: Notifier
  /** How often the echo-mode keep-alive looks at the host, in seconds (60); tests shorten it. */
  keepAliveSeconds?: number
}

export type Handlers = {
  [M in RequestMethod]: (args: RequestArgs<M>) => Promise<Awaited<RequestResult<M>>>
}

export interface Core {
  readonly events: EventHub
  readonly accounts: Accounts
  readonly browse: Browse
  readonly sessions: Sessions
  readonly debug: DebugRuns
  readonly alerts: SessionAlerts
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

  // What a Shipmate killed mid-write left (temp files, a stale lock) goes before any store is read.
  await cleanDataDir(deps.dataDir)
  const clientFor: ClientFactory = (apiUrl, token) =>
    new TravisClient({ apiUrl, token, userAgent: `Shipmate/${deps.version}`, fetch: deps.fetch })
  const accountsFile = new JsonFile(join(deps.dataDir, 'accounts.json'), {
    parse: parseAccountsFile,
    empty: emptyAccountsFile,
    onNotice: (message) => notify('warning', message),
  })
  const accounts = new Accounts({ file: accountsFile, keychain: deps.keychain, clientFor, events, now })
  const browse = new Browse(accounts, events)
  const cliImport = new TravisCliImport({ accounts, clientFor, home: deps.home ?? homedir(), env: deps.env ?? process.env })
  await accounts.start()
  const timelineStore = new TimelineStore(deps.dataDir)
  const sessions = new Sessions({
    events,
    log: deps.log,
    dataDir: deps.dataDir,
    now,
    home: deps.home ?? homedir(),
    env: deps.env ?? process.env,
    jobAlive: async (job) => {
      const state = await accounts.withClient(job.accountId, async (client) => (await client.job(job.jobId)).state)
      return state === undefined || !FINISHED_STATES.has(state)
    },
    onTimeline: (event) => {
      timelineStore.append(event).catch((error: unknown) => deps.log.error('Could not write timeline.jsonl', error))
    },
    onNotice: (message) => notify('warning', message),
  })
  const alerts = new SessionAlerts({ sessions, events, log: deps.log, notifier: deps.notifier, keepAliveSeconds: deps.keepAliveSeconds })
  const debug = new DebugRuns({
    accounts,
    events,
    log: deps.log,
    now,
    onReady: (run, target) =>
      sessions.open(target, { accountId: run.accountId, jobId: run.jobId, repoSlug: run.repoSlug, jobNumber: run.jobNumber }).id,
  })

  const fallbacksLogged = new Set<RendererFallbackReason>()
  const handlers: Handlers = {
    'app.rendererFallback': async ({ reason }) => {
      // Every page load and every session's terminal reports it: the log says each reason once.
      if (fallbacksLogged.has(reason)) return
      fallbacksLogged.add(reason)
      deps.log.info(`the terminal draws with xterm.js's DOM renderer: ${RENDERER_FALLBACK_WORDS[reason]}`)
    },
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
    'accounts.list': () => accounts.list(),
    'accounts.add': ({ apiUrl, token }) => accounts.add(apiUrl, token),
    'accounts.replaceToken': ({ accountId, token }) => accounts.replaceToken(accountId, token),
    'accounts.remove': ({ accountId }) => accounts.remove(accountId),
    'accounts.scanTravisCli': () => cliImport.scan(),
    'accounts.importTravisCli': ({ apiUrls, removeFromFile }) => cliImport.apply(apiUrls, removeFromFile),
    'browse.repos': ({ accountId, requestId }) => browse.repos(accountId, requestId),
    'browse.builds': ({ accountId, repoId, offset }) => browse.builds(accountId, repoId, offset),
    'browse.jobs': ({ accountId, buildId }) => browse.jobs(accountId, buildId),
    'browse.log': ({ accountId, jobId }) => browse.log(accountId, jobId),
    'browse.resolveUrl': ({ url, accountId }) => resolveTravisUrlFor(url, accountId, accounts),
    'debug.preflight': ({ accountId, jobId }) => debug.preflight(accountId, jobId),
    'debug.start': ({ accountId, jobId, quiet, cancelFirst }) => debug.start(accountId, jobId, quiet, cancelFirst),
    'debug.list': async () => debug.list(),
    'debug.log': async ({ runId }) => debug.log(runId),
    'debug.sshCommand': async ({ runId }) => debug.sshCommand(runId),
    'debug.dismiss': async ({ runId }) => debug.dismiss(runId),
    'jobs.cancel': async ({ accountId, jobId }) => {
      await debug.cancelJob(accountId, jobId)
      alerts.recordJobAction(accountId, jobId, 'job_canceled')
    },
    'jobs.deleteLog': async ({ accountId, jobId }) => {
      await debug.deleteLog(accountId, jobId)
      alerts.recordJobAction(accountId, jobId, 'log_deleted')
    },
    'sessions.list': async () => sessions.list(),
    'sessions.open': async ({ command }) => sessions.openCommand(command),
    'sessions.snapshot': async ({ sessionId }) => sessions.snapshot(sessionId),
    'sessions.input': async ({ sessionId, data }) => sessions.input(sessionId, data),
    'sessions.resize': async ({ sessionId, cols, rows }) => sessions.resize(sessionId, cols, rows),
    'sessions.ack': async ({ sessionId, bytes }) => sessions.ack(sessionId, bytes),
    'sessions.selectWindow': async ({ sessionId, index }) => sessions.selectWindow(sessionId, index),
    'sessions.newWindow': async ({ sessionId }) => sessions.newWindow(sessionId),
    'sessions.renameWindow': ({ sessionId, index, name }) => sessions.renameWindow(sessionId, index, name),
    'sessions.closeWindow': ({ sessionId, index }) => sessions.closeWindow(sessionId, index),
    'sessions.runPhase': ({ sessionId, phase }) => sessions.runPhase(sessionId, phase),
    'sessions.answerHostKey': async ({ sessionId, trust }) => sessions.answerHostKey(sessionId, trust),
    'sessions.answerPassphrase': async ({ sessionId, passphrase }) => sessions.answerPassphrase(sessionId, passphrase),
    'sessions.setGuard': async ({ sessionId, enabled }) => alerts.setGuard(sessionId, enabled),
    'sessions.keepAlive': async ({ sessionId }) => alerts.keepAlive(sessionId),
    'sessions.acknowledgeAlert': async ({ sessionId }) => alerts.acknowledge(sessionId),
    'sessions.disconnect': async ({ sessionId }) => sessions.disconnect(sessionId),
    'sessions.reconnect': async ({ sessionId }) => sessions.reconnect(sessionId),
    'sessions.forget': ({ sessionId }) => sessions.forget(sessionId),
    'sessions.timeline': async ({ sessionId }) => sessions.timeline(sessionId),
  }

  return {
    events,
    accounts,
    browse,
    sessions,
    debug,
    alerts,
    notify,
    handle: (method, args) => handlers[method](args),
    dispose: async () => {
      accounts.dispose()
      await debug.dispose()
      // Sessions first: leaving, each tells its guard on the host to stop, which the alerts do.
      await sessions.dispose()
      alerts.dispose()
    },
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
