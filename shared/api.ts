/**
 * The one contract between the renderer and the core. Both hosts (Electron IPC and the browser-mode
 * WebSocket) implement exactly these maps; no method or event name appears anywhere else as a string.
 * Types here are plain data: nothing secret (tokens, keys) is ever part of a result or an event.
 */

import type { AppInfo, KeychainStatus, Notice } from './types/app'
import type { AccountSummary, BuildsPage, CliImportResult, CliImportScan, JobPicker, RepoSummary, ResolvedTravisUrl } from './types/travis'
import type { DebugPreflight, DebugRun, DebugLogChunk } from './types/debug'
import type { DesktopOpen } from './types/desktop'
import type { HostKeyPrompt, PassphrasePrompt, SessionOutput, SessionSummary, TimelineEvent } from './types/sessions'

/** Why the terminal draws without WebGL: none in this browser, only software WebGL, it failed to load, or its context was lost. */
export const RENDERER_FALLBACK_REASONS = ['no_webgl', 'software_webgl', 'webgl_failed', 'context_lost'] as const
export type RendererFallbackReason = (typeof RENDERER_FALLBACK_REASONS)[number]

export type * from './types/app'
export type * from './types/travis'
export type * from './types/debug'
export type * from './types/sessions'
export type * from './detection'
export type * from './types/desktop'


/** Request methods: the renderer calls them, the core answers. Arguments are one plain object. */
export interface Requests {
  'app.info': (args: Record<string, never>) => AppInfo
  'app.notices': (args: Record<string, never>) => Notice[]
  'app.dismissNotice': (args: { id: string }) => void
  'app.recheckKeychain': (args: Record<string, never>) => KeychainStatus
  'app.openExternal': (args: { url: string }) => void
  /** The page's terminal draws with xterm.js's DOM renderer instead of WebGL, and why: for the app's log. */
  'app.rendererFallback': (args: { reason: RendererFallbackReason }) => void
  'accounts.list': (args: Record<string, never>) => AccountSummary[]
  /** The token crosses once, inward; nothing ever sends it back out. */
  'accounts.add': (args: { apiUrl: string; token: string }) => AccountSummary
  'accounts.replaceToken': (args: { accountId: string; token: string }) => AccountSummary
  'accounts.remove': (args: { accountId: string }) => void
  'accounts.scanTravisCli': (args: Record<string, never>) => CliImportScan
  'accounts.importTravisCli': (args: { apiUrls: string[]; removeFromFile: boolean }) => CliImportResult
  /** Loads every repository; pages also arrive as `browse.reposPage` events while it runs. */
  'browse.repos': (args: { accountId: string; requestId: string }) => { total: number }
  'browse.builds': (args: { accountId: string; repoId: number; offset: number }) => BuildsPage
  'browse.jobs': (args: { accountId: string; buildId: number }) => JobPicker
  'browse.log': (args: { accountId: string; jobId: number }) => { content: string | null }
  'browse.resolveUrl': (args: { url: string; accountId?: string }) => ResolvedTravisUrl
  'debug.preflight': (args: { accountId: string; jobId: number }) => DebugPreflight
  /** Restarts the job in debug mode (never retried: not idempotent) and follows it. */
  'debug.start': (args: { accountId: string; jobId: number; quiet: boolean; cancelFirst: boolean }) => DebugRun
  'debug.list': (args: Record<string, never>) => DebugRun[]
  'debug.log': (args: { runId: string }) => { text: string }
  /**
   * The run's SSH command with the whole tmate token, which the log shows masked. Asked for only
   * when the user clicks to copy or show it: the one result that carries a session token.
   */
  'debug.sshCommand': (args: { runId: string }) => { command: string }
  'debug.dismiss': (args: { runId: string }) => void
  'jobs.cancel': (args: { accountId: string; jobId: number }) => void
  'jobs.deleteLog': (args: { accountId: string; jobId: number }) => void
  'sessions.list': (args: Record<string, never>) => SessionSummary[]
  /** Opens a session from a pasted SSH command, without Travis. */
  'sessions.open': (args: { command: string }) => SessionSummary
  /** The screen as it is now, after a full reset (ESC c), for a view that attaches late (a reload, a second window). */
  'sessions.snapshot': (args: { sessionId: string }) => { data: string }
  'sessions.input': (args: { sessionId: string; data: string }) => void
  'sessions.resize': (args: { sessionId: string; cols: number; rows: number }) => void
  'sessions.ack': (args: { sessionId: string; bytes: number }) => void
  'sessions.selectWindow': (args: { sessionId: string; index: number }) => void
  'sessions.newWindow': (args: { sessionId: string }) => void
  'sessions.renameWindow': (args: { sessionId: string; index: number; name: string }) => void
  'sessions.closeWindow': (args: { sessionId: string; index: number }) => void
  'sessions.runPhase': (args: { sessionId: string; phase: string }) => void
  'sessions.answerHostKey': (args: { sessionId: string; trust: boolean }) => void
  'sessions.answerPassphrase': (args: { sessionId: string; passphrase: string | null }) => void
  'sessions.setGuard': (args: { sessionId: string; enabled: boolean }) => void
  /** Types the echo-mode keep-alive at the next idle prompt (a Travis job in echo mode ends after 10 idle minutes). */
  'sessions.keepAlive': (args: { sessionId: string }) => void
  'sessions.acknowledgeAlert': (args: { sessionId: string }) => void
  'sessions.disconnect': (args: { sessionId: string }) => void
  /** Retry now: gives up a connection that stopped answering, skips the wait between tries, or starts again after a failure. */
  'sessions.reconnect': (args: { sessionId: string }) => void
  'sessions.forget': (args: { sessionId: string }) => void
  'sessions.timeline': (args: { sessionId: string }) => TimelineEvent[]
}

/** Events: the core pushes them to every connected renderer. */
export interface Events {
  'app.keychainChanged': KeychainStatus
  'app.notice': Notice
  'accounts.changed': AccountSummary[]
  'browse.reposPage': { accountId: string; requestId: string; repos: RepoSummary[]; loaded: number; total: number; done: boolean }
  'debug.changed': DebugRun
  'debug.log': DebugLogChunk
  'sessions.changed': SessionSummary
  'sessions.removed': { sessionId: string }
  'sessions.output': SessionOutput
  'sessions.hostKeyPrompt': HostKeyPrompt
  'sessions.passphrasePrompt': PassphrasePrompt
  'sessions.timeline': TimelineEvent
  /** Ask the page to show an OS notification; hosts that show native ones themselves never send it. */
  'alerts.notify': { sessionId: string; title: string; body: string }
  /** Desktop host only: show a link, a session or the SSH paste flow that came from outside the page. */
  'app.open': DesktopOpen
}

export type RequestMethod = keyof Requests
export type EventName = keyof Events
export type RequestArgs<M extends RequestMethod> = Parameters<Requests[M]>[0]
export type RequestResult<M extends RequestMethod> = ReturnType<Requests[M]>

export const requestMethods = [
  'app.info',
  'app.notices',
  'app.dismissNotice',
  'app.recheckKeychain',
  'app.openExternal',
  'app.rendererFallback',
  'accounts.list',
  'accounts.add',
  'accounts.replaceToken',
  'accounts.remove',
  'accounts.scanTravisCli',
  'accounts.importTravisCli',
  'browse.repos',
  'browse.builds',
  'browse.jobs',
  'browse.log',
  'browse.resolveUrl',
  'debug.preflight',
  'debug.start',
  'debug.list',
  'debug.log',
  'debug.sshCommand',
  'debug.dismiss',
  'jobs.cancel',
  'jobs.deleteLog',
  'sessions.list',
  'sessions.open',
  'sessions.snapshot',
  'sessions.input',
  'sessions.resize',
  'sessions.ack',
  'sessions.selectWindow',
  'sessions.newWindow',
  'sessions.renameWindow',
  'sessions.closeWindow',
  'sessions.runPhase',
  'sessions.answerHostKey',
  'sessions.answerPassphrase',
  'sessions.setGuard',
  'sessions.keepAlive',
  'sessions.acknowledgeAlert',
  'sessions.disconnect',
  'sessions.reconnect',
  'sessions.forget',
  'sessions.timeline',
] as const satisfies readonly RequestMethod[]

export const eventNames = [
  'app.keychainChanged',
  'app.notice',
  'accounts.changed',
  'browse.reposPage',
  'debug.changed',
  'debug.log',
  'sessions.changed',
  'sessions.removed',
  'sessions.output',
  'sessions.hostKeyPrompt',
  'sessions.passphrasePrompt',
  'sessions.timeline',
  'alerts.notify',
  'app.open',
] as const satisfies readonly EventName[]

/** What every host gives the renderer: the same shape whether it is IPC or a WebSocket. */
export interface ShipmateBridge {
  request<M extends RequestMethod>(method: M, args: RequestArgs<M>): Promise<RequestResult<M>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  readonly host: 'electron' | 'web'
}

/** The error shape that crosses a process boundary: a message a user can read, never a stack. */
export interface WireError {
  message: string
  code: string
  /** The request field that failed validation, when that was the cause. */
  field?: string
}

// Compile-time check that the method list and the map agree in both directions.
type Missing = Exclude<RequestMethod, (typeof requestMethods)[number]>
type MissingEvents = Exclude<EventName, (typeof eventNames)[number]>
const exhaustive: [Missing, MissingEvents] extends [never, never] ? true : false = true
void exhaustive
