import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { WebglAddon } from '@xterm/addon-webgl'
import { Terminal } from '@xterm/xterm'
import type { RendererFallbackReason } from '@shared/api'
import { lineText } from '@shared/terminal-line'
import { recycleScrolledRows } from '@shared/terminal-scroll'
import { MAX_INPUT_CHARS } from '@shared/wire'
import { bridge, openExternal } from '../../bridge'
import { ScreenActivity } from '../debug/echo-idle'
import { onThemeChange } from '../shell/theme'
import { InputQueue } from './input-queue'
import { OutputQueue } from './output-queue'
import { terminalTheme } from './terminal-theme'

/**
 * Ack in steps of this many bytes: one request per 16 KiB parsed, not one per chunk, and an eighth
 * of the core's high watermark (128 KiB, DEFAULT_FLOW in electron/core/sessions/flow-control.ts),
 * so a renderer that keeps up never lets the core pause the channel.
 */
const ACK_STEP = 16 * 1024
/** Less than a step is acked a little later, together: it stays below the core's low watermark. */
const ACK_DELAY_MS = 40
/**
 * Output handed to xterm.js ahead of what it has parsed. The rest waits in the page, where a
 * restart after an interrupt can drop it; a 64 KiB batch (the core's largest) still keeps the
 * parser busy between two hand-overs.
 */
const PARSER_AHEAD_BYTES = 32 * 1024
/** A paste's next piece waits in the core while the SSH channel sends the one before (InputQueue). */
const INPUT_REQUESTS_IN_FLIGHT = 2
/** The screen is compared at most this often while output flows: idleness is told in minutes. */
const SCREEN_SAMPLE_MS = 1_000

interface Entry {
  term: Terminal
  fit: FitAddon
  search: SearchAddon
  input: InputQueue
  output: OutputQueue
  element: HTMLDivElement
  webgl: WebglAddon | undefined
  unacked: number
  ackTimer: ReturnType<typeof setTimeout> | undefined
  fontSize: number
  /** When the screen above the status row last changed, for an echo-mode session's idle time. */
  activity: ScreenActivity
  sampleTimer: ReturnType<typeof setTimeout> | undefined
}

let webglKindCache: 'hardware' | 'software' | 'none' | undefined

/**
 * WebGL only pays off on a GPU. Where it is emulated in software (SwiftShader, llvmpipe: VMs,
 * remote desktops, headless browsers) it draws slower than xterm.js's DOM renderer, so the DOM
 * renderer stays.
 */
function webglKind(): 'hardware' | 'software' | 'none' {
  if (webglKindCache !== undefined) return webglKindCache
  try {
    const gl = document.createElement('canvas').getContext('webgl2')
    const info = gl?.getExtension('WEBGL_debug_renderer_info')
    const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : ''
    gl?.getExtension('WEBGL_lose_context')?.loseContext()
    webglKindCache = !gl ? 'none' : /swiftshader|llvmpipe|softpipe|software/i.test(renderer) ? 'software' : 'hardware'
  } catch {
    webglKindCache = 'none'
  }
  return webglKindCache
}

const fallbacksReported = new Set<RendererFallbackReason>()

/** Tells the app's log, once per page load and reason, that the terminal draws without WebGL. */
function reportFallback(reason: RendererFallbackReason): void {
  if (fallbacksReported.has(reason)) return
  fallbacksReported.add(reason)
  void bridge()
    .request('app.rendererFallback', { reason })
    .catch(() => {})
}

/**
 * One xterm.js per session, living outside React so output keeps flowing into hidden sessions and
 * nothing is lost when the view changes. Only the visible terminal holds a WebGL context; on
 * context loss it falls back to the DOM renderer.
 */
class TerminalRegistry {
  private readonly entries = new Map<string, Entry>()
  private visible: string | undefined
  private readonly webglBroken = new Set<string>()

  constructor() {
    onThemeChange(() => {
      const theme = terminalTheme()
      for (const entry of this.entries.values()) entry.term.options.theme = theme
    })
  }

  get(sessionId: string): Entry {
    let entry = this.entries.get(sessionId)
    if (entry) return entry
    const term = new Terminal({
      fontFamily: '"DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      // tmate runs tmux, which puts the terminal on its alternate screen: history lives in tmux's copy
      // mode and xterm.js's own scrollback stays empty. Without scrollback the fit addon reserves no
      // scrollbar gutter, so tmux's status row reaches the right edge.
      scrollback: 0,
      allowProposedApi: true,
      theme: terminalTheme(),
      // Programs pick their own colours (tmux's status row, prompts, ls); xterm.js nudges any pair
      // below AA contrast on the theme's background.
      minimumContrastRatio: 4.5,
      // A blinking cursor restarts its animation on every key, and with the DOM renderer that costs
      // a frame of several ms right when the echo is due (VS Code's terminal does not blink either).
      cursorBlink: false,
    })
    // tmux scrolls every line of a flood or a paste's echo inside its region (see recycleScrolledRows).
    recycleScrolledRows(term)
    const fit = new FitAddon()
    const search = new SearchAddon()
    term.loadAddon(fit)
    term.loadAddon(search)
    term.loadAddon(new WebLinksAddon((_event, uri) => openExternal(uri)))
    const element = document.createElement('div')
    element.className = 'terminal-host'
    term.open(element)
    const input = new InputQueue((data) => bridge().request('sessions.input', { sessionId, data }), MAX_INPUT_CHARS, INPUT_REQUESTS_IN_FLIGHT)
    term.onData((data) => input.push(data))
    term.onResize(({ cols, rows }) => void bridge().request('sessions.resize', { sessionId, cols, rows }).catch(() => {}))
    const output = new OutputQueue(
      (data, parsed) => term.write(data, parsed),
      (bytes) => this.acknowledge(sessionId, bytes),
      PARSER_AHEAD_BYTES,
    )
    entry = {
      term,
      fit,
      search,
      input,
      output,
      element,
      webgl: undefined,
      unacked: 0,
      ackTimer: undefined,
      fontSize: 13,
      activity: new ScreenActivity(Date.now()),
      sampleTimer: undefined,
    }
    this.entries.set(sessionId, entry)
    return entry
  }

  /**
   * Writes output and acknowledges it once xterm.js has parsed it (flow control). A restart (the
   * screen as it is now) supersedes the output still waiting for the parser.
   */
  write(sessionId: string, data: string, bytes: number, restart = false): void {
    this.get(sessionId).output.push({ data, bytes }, restart)
  }

  private acknowledge(sessionId: string, bytes: number): void {
    const entry = this.entries.get(sessionId)
    if (!entry) return
    entry.unacked += bytes
    if (entry.unacked >= ACK_STEP) this.flushAck(sessionId, entry)
    else entry.ackTimer ??= setTimeout(() => this.flushAck(sessionId, entry), ACK_DELAY_MS)
    this.sampleSoon(entry)
  }

  /** When the session's screen, status row aside, last changed (ms since the epoch). */
  screenChangedAt(sessionId: string): number | undefined {
    return this.entries.get(sessionId)?.activity.changedAt
  }

  /** Redraws a session's screen from the core's mirror, for a view that attaches late. */
  async restore(sessionId: string): Promise<void> {
    const { data } = await bridge().request('sessions.snapshot', { sessionId })
    // The screen starts with a full reset: output still waiting for the parser is older, and in it.
    this.get(sessionId).output.push({ data, bytes: 0 }, true)
  }

  /** Puts the session's terminal into `container` and makes it the one with WebGL. */
  show(sessionId: string, container: HTMLElement): Entry {
    const entry = this.get(sessionId)
    if (this.visible && this.visible !== sessionId) this.dropWebgl(this.visible)
    this.visible = sessionId
    if (entry.element.parentElement !== container) container.replaceChildren(entry.element)
    const kind = webglKind()
    if (kind !== 'hardware') reportFallback(kind === 'software' ? 'software_webgl' : 'no_webgl')
    if (!entry.webgl && !this.webglBroken.has(sessionId) && kind === 'hardware') {
      try {
        const webgl = new WebglAddon()
        webgl.onContextLoss(() => {
          this.webglBroken.add(sessionId)
          this.dropWebgl(sessionId)
          reportFallback('context_lost')
        })
        entry.term.loadAddon(webgl)
        entry.webgl = webgl
      } catch {
        this.webglBroken.add(sessionId)
        reportFallback('webgl_failed')
      }
    }
    this.fit(sessionId)
    entry.term.focus()
    return entry
  }

  /** The visible terminal's screen as text, one line per row (scrollback excluded). */
  visibleText(): string {
    const entry = this.visible ? this.entries.get(this.visible) : undefined
    if (!entry) return ''
    return screenRows(entry.term, entry.term.rows).join('\n')
  }

  fit(sessionId: string): void {
    const entry = this.entries.get(sessionId)
    if (entry?.element.isConnected) entry.fit.fit()
  }

  zoom(sessionId: string, delta: number | 'reset'): void {
    const entry = this.entries.get(sessionId)
    if (!entry) return
    entry.fontSize = delta === 'reset' ? 13 : Math.min(32, Math.max(8, entry.fontSize + delta))
    entry.term.options.fontSize = entry.fontSize
    this.fit(sessionId)
  }

  dispose(sessionId: string): void {
    const entry = this.entries.get(sessionId)
    if (!entry) return
    entry.input.dispose()
    clearTimeout(entry.sampleTimer)
    entry.term.dispose()
    entry.element.remove()
    this.entries.delete(sessionId)
    if (this.visible === sessionId) this.visible = undefined
  }

  private dropWebgl(sessionId: string): void {
    const entry = this.entries.get(sessionId)
    entry?.webgl?.dispose()
    if (entry) entry.webgl = undefined
  }

  /** Compares the screen a moment after output, once for a burst of it. */
  private sampleSoon(entry: Entry): void {
    entry.sampleTimer ??= setTimeout(() => {
      entry.sampleTimer = undefined
      // The last row is tmate's status row: it changes by itself, and never reaches the job log.
      entry.activity.sample(screenRows(entry.term, entry.term.rows - 1).join('\n'), Date.now())
    }, SCREEN_SAMPLE_MS)
  }

  private flushAck(sessionId: string, entry: Entry): void {
    clearTimeout(entry.ackTimer)
    entry.ackTimer = undefined
    if (entry.unacked === 0) return
    const bytes = entry.unacked
    entry.unacked = 0
    void bridge().request('sessions.ack', { sessionId, bytes }).catch(() => {})
  }
}

/** The first `count` rows on screen, each as wide as the screen. */
function screenRows(term: Terminal, count: number): string[] {
  const buffer = term.buffer.active
  const rows: string[] = []
  for (let row = 0; row < count; row++) rows.push(lineText(buffer.getLine(buffer.viewportY + row), term.cols, true))
  return rows
}

export const terminals = new TerminalRegistry()

declare global {
  interface Window {
    /**
     * The visible terminal's text, for end-to-end tests and automation: with WebGL the text is
     * painted on a canvas, so the DOM holds none of it.
     */
    shipmateTerminalText?: () => string
  }
}
window.shipmateTerminalText = () => terminals.visibleText()
