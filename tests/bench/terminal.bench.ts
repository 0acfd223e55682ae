import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { type Browser, chromium, expect, type Page } from '@playwright/test'
import { WebSocketServer } from 'ws'
import { App } from '../support/app'
import { chromiumLaunchOptions } from '../support/chromium'
import { pasteText } from '../support/paste-text'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { type Benchmark, type Figure, median, percentile, round, roundedList } from './harness'
import { startWebTerminalBaseline, type WebTerminalBaseline } from './web-terminal-baseline/start'

const MIB = 1024 * 1024
const FILE_BYTES = 64 * MIB
/** base64 -w 120: 120 printable characters and a newline per line. */
const LINE_CHARS = 120
/** Rounds per side; fewer than the 5/24 this bench ran against one terminal, to stay under ~10 minutes with two. */
const THROUGHPUT_ROUNDS = 4
const INTERRUPT_ROUNDS = 20
const FLOOD_MS = 1_000
/** Keys per side: the p99 of 200 lies between the second and third slowest, a steadier estimate than of 100. */
const ECHO_ROUNDS = 200
const PASTE_BYTES = 10 * MIB
const PASTE_ROUNDS = 3
/** A paste that shows no count by then is reported as unfinished (typical: 10–40 s). */
const PASTE_TIMEOUT_MS = 150_000
/** When, after the paste began, the key that checks the page still answers is typed. */
const PASTE_KEY_AFTER_MS = 1_000
const PROMPT = 'travis@sim:~$'

/**
 * WebGL where the browser provides it, software WebGL included (the issue's terms), unless
 * SHIPMATE_BENCH_RENDERER=dom asks for xterm.js's DOM renderer on both pages.
 */
const WANTED_RENDERER: 'webgl' | 'dom' = process.env.SHIPMATE_BENCH_RENDERER === 'dom' ? 'dom' : 'webgl'

const PARTS = ['throughput', 'interrupt', 'echo', 'paste', 'floor'] as const
type Part = (typeof PARTS)[number]
/** SHIPMATE_BENCH_PARTS=interrupt,echo runs only those parts (all by default); latest.json keeps the others' figures. */
const WANTED_PARTS: ReadonlySet<Part> = wantedParts(process.env.SHIPMATE_BENCH_PARTS)

function wantedParts(value: string | undefined): ReadonlySet<Part> {
  if (!value) return new Set(PARTS)
  const names = value.split(',').map((name) => name.trim())
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name))
  if (unknown.length > 0) throw new Error(`SHIPMATE_BENCH_PARTS: unknown part ${unknown.join(', ')} (known: ${PARTS.join(', ')})`)
  return new Set(names as Part[])
}

/** One run of `cat`: from Enter until the marker after it was parsed. */
interface CatRun {
  ms: number
  /** Output bytes that reached the page in that time. */
  bytes: number
  /** Enter until the page's main thread took up the message carrying the marker. */
  arrivedMs: number
  cpu: CpuShares
  /** Output tmux threw away for this viewer during the run. */
  discarded: number
}

interface Size {
  cols: number
  rows: number
}

/**
 * One of the two web terminals under test, each in a page of the same Chromium, each on a session
 * of its own on the same simulated host, at the same size.
 */
interface Side {
  name: 'Shipmate' | 'baseline'
  page: Page
  terminal: TerminalPage
  session: TmateSimSession
  /** Shipmate only: its core's log, which tells each interrupt that skipped a backlog. */
  log?: () => string
}

interface Sides {
  shipmate: Side
  baseline: Side
  size: Size
}

/**
 * What a page-side watch reports, in ms from the watched key's keydown (from the arming when no key
 * is watched); NaN where a step was not seen.
 */
interface WatchResult {
  /** …until xterm.js has parsed what the pattern looks for. */
  ms: number
  /** …until the page's main thread got to the keydown: how long the key waited behind other work. */
  keyWaitMs: number
  /** …until the keys left the page (Shipmate: its `sessions.input` request; the baseline: its one message). */
  sentMs: number
  /**
   * …until the page's main thread took up the first output message after the key that carries
   * `arrival` (messages wait in the page's task queue while the main thread is busy).
   */
  arrivedMs: number
  /** Output bytes that reached the page from the arming until the match, and from the key on. */
  bytes: number
  bytesAfterKey: number
  messages: number
  /** …until the page's main thread ran a task posted as the keys were sent: when it was free again. */
  pageFreeMs: number
  /** Time the page's main thread spent in tasks over 50 ms between the key and the match. */
  longTaskMs: number
}

interface ArmOptions {
  /** Tested against the screen without its status row, lines trimmed, trailing blank lines dropped. */
  pattern: string
  /** `event.key`, prefixed `Control+` with Ctrl: the clock starts at this key's keydown. */
  key?: string
  /** Text that marks the awaited output in a raw output message; any output when left out. */
  arrival?: string
  timeoutMs: number
}

interface TerminalProbe {
  arm(options: ArmOptions): void
  result(): Promise<WatchResult>
  /**
   * Shipmate: the last finished watch's `sessions.input` request was sent → its reply was taken up
   * (NaN while none came). The core answers a keystroke once its echo has gone out, so the reply
   * comes after the watch has ended.
   */
  replyMs(): number
}

/** How a page talks to its server: Shipmate's JSON API, or the baseline's raw messages. */
type Wire = 'shipmate' | 'raw'

interface KeyAnswer {
  /** keydown timeStamp → the page's main thread handled the keydown. */
  handledMs: number
  /** keydown timeStamp → the next animation frame after it began. */
  frameMs: number
}

/** Kept off the global `Window` type the renderer sees. */
type BenchWindow = Window & {
  terminalProbe: TerminalProbe
  baseline: { term: { paste(text: string): void }; renderer(): string; connected: Promise<unknown> }
  benchPaste?: string
  benchKey?: Promise<KeyAnswer>
}

/**
 * The terminal as a user meets it, in Chromium, against the tmate simulator, set against a minimal
 * web terminal (web-terminal-baseline/: ssh2 → one WebSocket message per chunk → xterm.js with
 * Shipmate's options, addons, size and renderer; no flow control) in the same browser, on the same
 * simulated host, rounds alternating, in one run: throughput of a 64 MiB `cat`, Ctrl-C under a
 * `yes` flood, keystroke echo, and a 10 MB paste.
 */
export const terminalBench: Benchmark = {
  name: 'terminal (tmate session: throughput, interrupt, echo, paste; against a minimal web terminal)',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'shipmate-terminal-bench-'))
    const sim = await startTmateSim({ port: 0 })
    const browser = await chromium.launch(chromiumLaunchOptions())
    let app: App | undefined
    let web: WebTerminalBaseline | undefined
    const sessions: TmateSimSession[] = []
    try {
      const filePath = join(dir, 'big.txt')
      await writeFile(filePath, printableFile())
      web = await startWebTerminalBaseline(sim.port)
      app = await App.start(browser)
      await installProbe(app.page, 'shipmate')
      await app.page.reload()
      await app.waitForLoaded()

      const session = await sim.createSession()
      sessions.push(session)
      const terminal = await openSession(app, sim, session)
      const size = await terminalSize(terminal)
      const shipmateRenderer = await app.page.evaluate(() => (document.querySelectorAll('.terminal-frame canvas').length > 0 ? 'webgl' : 'dom'))

      const baselineSession = await sim.createSession({ cols: size.cols, rows: size.rows - 1 })
      sessions.push(baselineSession)
      const baselinePage = await openBaseline(browser, web.url, baselineSession, size, shipmateRenderer, await terminalColours(app.page))
      const sides: Sides = {
        shipmate: { name: 'Shipmate', page: app.page, terminal, session, log: () => app?.log ?? '' },
        baseline: { name: 'baseline', page: baselinePage, terminal: new TerminalPage(baselinePage), session: baselineSession },
        size,
      }
      const renderers = await rendererNote(sides, shipmateRenderer)
      process.stderr.write(`terminal bench: ${renderers}\n`)
      const loadBefore = loadavg()[0] ?? Number.NaN

      const part = async (name: Part, measure: () => Promise<Figure[]>) => (WANTED_PARTS.has(name) ? measure() : [])
      const throughput = await part('throughput', () => measureThroughput(sides, filePath))
      const interrupt = await part('interrupt', () => measureInterrupt(sides))
      const echo = await part('echo', () => measureEcho(sides))
      const paste = await part('paste', () => measurePaste(sides, app?.origin ?? ''))
      const floor = await part('floor', () => measureBrowserFloor(browser))
      const load = `1-min load average ${round(loadBefore)} before, ${round(loadavg()[0] ?? Number.NaN)} after`
      return [...throughput, ...interrupt, ...echo, ...paste, ...floor].map((figure) => ({
        ...figure,
        note: `${figure.note ?? ''}; ${renderers}; ${load}`,
      }))
    } finally {
      await app?.stop()
      await browser.close()
      await web?.stop()
      await Promise.all(sessions.map((session) => session.end().catch(() => undefined)))
      await sim.close()
      await rm(dir, { recursive: true, force: true })
    }
  },
}

/** 64 MiB of base64 lines, as `head -c … /dev/urandom | base64 -w 120` would write them. */
function printableFile(): Buffer {
  const lines = Math.ceil(FILE_BYTES / (LINE_CHARS + 1))
  const text = randomBytes((lines * LINE_CHARS * 3) / 4).toString('base64')
  const file = Buffer.alloc(FILE_BYTES)
  for (let line = 0; line < lines; line++) {
    file.write(`${text.slice(line * LINE_CHARS, (line + 1) * LINE_CHARS)}\n`, line * (LINE_CHARS + 1), 'latin1')
  }
  file[FILE_BYTES - 1] = 0x0a
  return file
}

/** Shipmate's terminal colours as its page resolved them, for the baseline to draw the same cells. */
function terminalColours(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const probe = document.createElement('span')
    probe.hidden = true
    document.body.append(probe)
    const token = (name: string): string => {
      probe.style.color = `var(${name})`
      return getComputedStyle(probe).color
    }
    const background = token('--term-bg')
    const foreground = token('--term-fg')
    const colours = { background, foreground, cursor: foreground, cursorAccent: background, selectionBackground: token('--term-selection'), selectionForeground: foreground }
    probe.remove()
    return colours
  })
}

/** The baseline's page, connected to its own session and past tmate's start-up view, at an empty prompt. */
async function openBaseline(browser: Browser, url: string, session: TmateSimSession, size: Size, renderer: string, theme: Record<string, string>): Promise<Page> {
  const page = await browser.newPage()
  await installProbe(page, 'raw')
  const query = new URLSearchParams({ token: session.token, cols: String(size.cols), rows: String(size.rows), renderer, theme: JSON.stringify(theme) })
  await page.goto(`${url}?${query}`)
  await page.evaluate(() => (window as unknown as BenchWindow).baseline.connected)
  // tmate's start-up view, left with q as a user (or Shipmate's guard) leaves it.
  const terminal = new TerminalPage(page)
  await terminal.waitForText(/0:\[tmux\]\*/, 20_000)
  await terminal.type('q')
  await terminal.waitForText(/0:bash\*/)
  await terminal.type('clear\n')
  await waitForScreen(page, `^${escape(PROMPT)}$`)
  return page
}

/**
 * Which renderer each page drew with, and what WebGL the browser offers (ANGLE on SwiftShader or
 * llvmpipe is WebGL in software), read in the baseline's page, which hides nothing.
 */
async function rendererNote(sides: Sides, shipmateRenderer: string): Promise<string> {
  const baselineRenderer = await sides.baseline.page.evaluate(() => (window as unknown as BenchWindow).baseline.renderer())
  const webgl = await sides.baseline.page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2')
    if (!gl) return 'none'
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown'
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    return name
  })
  const software = /swiftshader|llvmpipe|softpipe|software/i.test(webgl)
  const name = (renderer: string) => (renderer === 'webgl' ? `WebGL${software ? ' (software)' : ''}` : renderer === 'dom' ? 'DOM' : renderer)
  return `renderers: Shipmate ${name(shipmateRenderer)}, baseline ${name(baselineRenderer)}; the browser's WebGL: ${webgl}`
}
/**
 * The page side of the measurements, the same in both pages. Installed before the page's own
 * scripts run (Shipmate's page: an init script and a reload, the page keeps its secret for
 * reloads), because it has to see the WebSocket the page opens. It only looks; the page's own
 * listeners get every event unchanged:
 * - the watched key's keydown `timeStamp` starts the clock: when the browser created the event, so
 *   time the key waited behind a busy main thread counts, as it does for a user;
 * - WebSocket `send` is wrapped to note when the keys leave the page (Shipmate: `sessions.input`,
 *   and when its reply returns; the baseline: any message, all of them are keys), and to post a
 *   task then, which runs as soon as the main thread is free;
 * - each WebSocket message listener is wrapped: output messages (Shipmate: `sessions.output`
 *   events; the baseline: every binary message) are counted as they are taken up, and after the
 *   page's listener has handed the output to xterm.js the screen is checked at once (xterm.js
 *   parses the first write after a keystroke synchronously) and again in a task queued behind
 *   xterm.js's own parse task; every animation frame checks too, for output parsed in several
 *   12 ms slices. "Parsed" is seen within one parse slice, not a frame. The frame loop starts with
 *   the first output message after the watched key, not at arming: a requestAnimationFrame loop
 *   makes Chromium render every frame, and a key pressed meanwhile then waits behind a frame
 *   (~10 ms here) that the page alone would not draw;
 * - long tasks (> 50 ms) on the main thread are summed while a watch runs.
 * The screen is read through `window.shipmateTerminalText()` (the baseline's page offers the same
 * hook): with WebGL there is no text in the DOM.
 * With WebGL wanted, Shipmate's page is not told that the browser's WebGL is software: Shipmate
 * keeps xterm.js's DOM renderer there (terminal-registry.ts), and the figures are to be taken with
 * WebGL wherever the browser provides it.
 */
async function installProbe(page: Page, wire: Wire): Promise<void> {
  // tsx's keepNames wraps named functions in `__name(...)`; the functions below carry it into the page.
  await page.addInitScript('globalThis.__name = (fn) => fn')
  if (wire === 'shipmate' && WANTED_RENDERER === 'webgl') {
    await page.addInitScript(() => {
      const UNMASKED_RENDERER_WEBGL = 0x9246
      for (const context of [WebGLRenderingContext, WebGL2RenderingContext]) {
        const getParameter = context.prototype.getParameter as (this: WebGLRenderingContext, name: number) => unknown
        context.prototype.getParameter = function (this: WebGLRenderingContext, name: number) {
          const value = getParameter.call(this, name)
          return name === UNMASKED_RENDERER_WEBGL ? String(value).replace(/swiftshader|llvmpipe|softpipe|software/gi, 'renderer') : value
        } as typeof context.prototype.getParameter
      }
    })
  }
  await page.addInitScript((pageWire: Wire) => {
    const OUTPUT_EVENT = '{"type":"event","name":"sessions.output"'
    const INPUT_REQUEST = '"method":"sessions.input"'
    const decoder = new TextDecoder()
    interface Watch {
      pattern: RegExp
      key: string | undefined
      arrival: string
      armedAt: number
      keyAt?: number
      keyWaitMs?: number
      sentAt?: number
      freeAt?: number
      arrivedAt?: number
      bytesAtKey: number
      resolve: (result: WatchResult) => void
      timer: ReturnType<typeof setTimeout>
    }
    const output = { bytes: 0, messages: 0 }
    let watch: Watch | undefined
    let pending: Promise<WatchResult> | undefined
    /** The request of the last watch that sent one, and when its reply was taken up. */
    let input: { id: string; sentAt: number; repliedAt?: number } | undefined
    let longTasks: { start: number; duration: number }[] = []
    new PerformanceObserver((list) => {
      for (const { startTime, duration } of list.getEntries()) if (watch) longTasks.push({ start: startTime, duration })
    }).observe({ type: 'longtask' })

    /** An output message's size in bytes of terminal output, or undefined for any other message. */
    const outputBytes = (data: unknown): number | undefined => {
      if (pageWire === 'raw') return data instanceof ArrayBuffer ? data.byteLength : undefined
      if (typeof data !== 'string' || !data.startsWith(OUTPUT_EVENT)) return undefined
      return Number(/"bytes":(\d+)\}\}$/.exec(data.slice(-40))?.[1] ?? 0)
    }
    const carries = (data: unknown, text: string): boolean =>
      typeof data === 'string' ? data.includes(text) : data instanceof ArrayBuffer && decoder.decode(data).includes(text)
    const isInput = (data: unknown): boolean => pageWire === 'raw' || (typeof data === 'string' && data.includes(INPUT_REQUEST))

    window.addEventListener(
      'keydown',
      (event) => {
        const key = event.ctrlKey ? `Control+${event.key}` : event.key
        if (!watch || watch.key !== key || watch.keyAt !== undefined) return
        watch.keyAt = event.timeStamp
        watch.keyWaitMs = performance.now() - event.timeStamp
        watch.bytesAtKey = output.bytes
      },
      { capture: true },
    )

    const screenBody = (): string => {
      const lines = (window.shipmateTerminalText?.() ?? '').split('\n').map((line) => line.trimEnd())
      lines.pop()
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
      return lines.join('\n')
    }
    const check = (): void => {
      if (!watch) return
      const start = watch.key === undefined ? watch.armedAt : watch.keyAt
      // Taken before the screen is read: what was parsed by now is on it, and reading it is this
      // probe's work (each page's own text function), not the page's.
      const now = performance.now()
      if (start === undefined || !watch.pattern.test(screenBody())) return
      const since = (at: number | undefined) => (at === undefined ? Number.NaN : at - start)
      const found: WatchResult = {
        ms: now - start,
        keyWaitMs: watch.keyWaitMs ?? Number.NaN,
        sentMs: since(watch.sentAt),
        arrivedMs: since(watch.arrivedAt),
        bytes: output.bytes,
        bytesAfterKey: output.bytes - watch.bytesAtKey,
        messages: output.messages,
        pageFreeMs: since(watch.freeAt),
        longTaskMs: longTasks.filter((task) => task.start + task.duration > start).reduce((sum, task) => sum + task.duration, 0),
      }
      clearTimeout(watch.timer)
      const done = watch.resolve
      watch = undefined
      done(found)
    }
    let framesRunning = false
    const everyFrame = (): void => {
      if (!watch) {
        framesRunning = false
        return
      }
      check()
      requestAnimationFrame(everyFrame)
    }
    const startFrames = (): void => {
      if (framesRunning) return
      framesRunning = true
      requestAnimationFrame(everyFrame)
    }

    const send = WebSocket.prototype.send
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
      if (watch?.keyAt !== undefined && watch.sentAt === undefined && isInput(data)) {
        watch.sentAt = performance.now()
        const inputId = typeof data === 'string' ? /^\{"type":"request","id":(\d+),/.exec(data)?.[1] : undefined
        input = inputId === undefined ? undefined : { id: inputId, sentAt: watch.sentAt }
        const sentBy = watch
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          sentBy.freeAt = performance.now()
        }
        channel.port2.postMessage(null)
      }
      send.call(this, data)
    }

    const addListener = WebSocket.prototype.addEventListener
    WebSocket.prototype.addEventListener = function (this: WebSocket, type: string, listener: unknown, options?: unknown) {
      if (type !== 'message' || typeof listener !== 'function') {
        return addListener.call(this, type, listener as EventListener, options as AddEventListenerOptions)
      }
      const observed = function (this: WebSocket, event: MessageEvent) {
        const data: unknown = event.data
        const bytes = outputBytes(data)
        if (input && input.repliedAt === undefined && typeof data === 'string' && data.startsWith(`{"type":"reply","id":${input.id},`)) {
          input.repliedAt = performance.now()
        }
        if (bytes !== undefined) {
          output.messages += 1
          output.bytes += bytes
          const after = watch?.key === undefined ? watch?.armedAt : watch.keyAt
          if (watch && after !== undefined && watch.arrivedAt === undefined && carries(data, watch.arrival)) {
            watch.arrivedAt = performance.now()
          }
        }
        ;(listener as (this: WebSocket, event: MessageEvent) => void).call(this, event)
        if (bytes === undefined || !watch) return
        check()
        setTimeout(check)
        if (watch?.key === undefined || watch.keyAt !== undefined) startFrames()
      }
      return addListener.call(this, type, observed as EventListener, options as AddEventListenerOptions)
    } as typeof WebSocket.prototype.addEventListener

    const probe: TerminalProbe = {
      arm({ pattern, key, arrival, timeoutMs }) {
        if (watch) throw new Error('a watch is already armed')
        output.bytes = 0
        output.messages = 0
        longTasks = []
        pending = new Promise<WatchResult>((resolve, reject) => {
          const timer = setTimeout(() => {
            watch = undefined
            reject(new Error(`the screen did not match /${pattern}/ within ${timeoutMs} ms; it shows:\n${screenBody()}`))
          }, timeoutMs)
          watch = { pattern: new RegExp(pattern), key, arrival: arrival ?? '', armedAt: performance.now(), bytesAtKey: 0, resolve, timer }
        })
        // A plain wait may follow output that is still being parsed: it checks every frame at once.
        if (key === undefined) startFrames()
        check()
      },
      result() {
        if (!pending) return Promise.reject(new Error('no watch armed'))
        return pending
      },
      replyMs() {
        return input?.repliedAt === undefined ? Number.NaN : input.repliedAt - input.sentAt
      },
    }
    Object.assign(window, { terminalProbe: probe })
  }, wire)
}

async function openSession(app: App, sim: TmateSim, session: TmateSimSession): Promise<TerminalPage> {
  const { page } = app
  await page.getByLabel('Paste an SSH command').fill(session.sshCommand)
  await page.getByRole('button', { name: 'Connect' }).click()
  await expect(page.getByRole('dialog', { name: /^Trust / })).toContainText(sim.hostKeyFingerprint)
  await page.getByRole('button', { name: 'Trust this host' }).click()
  await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Connected', { timeout: 15_000 })
  // Shipmate's guard leaves tmate's start-up view itself (TerminalPage.waitForPrompt's own `q` may
  // then land in the shell) and types its line into the idle shell, which erases it again: measure
  // after that, on a cleared screen.
  await expect(page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection is on', { timeout: 30_000 })
  await waitForScreen(page, `(^|\\n)${escape(PROMPT)}$`)
  const terminal = new TerminalPage(page)
  await terminal.type('clear\n')
  await waitForScreen(page, `^${escape(PROMPT)}$`)
  return terminal
}

async function arm(page: Page, options: ArmOptions): Promise<void> {
  await page.evaluate((armOptions) => (window as unknown as BenchWindow).terminalProbe.arm(armOptions), options)
}

function result(page: Page): Promise<WatchResult> {
  return page.evaluate(() => (window as unknown as BenchWindow).terminalProbe.result())
}

async function waitForScreen(page: Page, pattern: string, timeoutMs = 20_000): Promise<void> {
  await arm(page, { pattern, timeoutMs })
  await result(page)
}

/** The size tmux drew for: `stty size` gives the pane, the status row is one more. */
async function terminalSize(terminal: TerminalPage): Promise<Size> {
  await terminal.type('stty size\n')
  await waitForScreen(terminal.page, '\\n\\d+ \\d+\\n')
  const match = /\n(\d+) (\d+)\n/.exec(await terminal.text())
  if (!match) throw new Error('no answer from stty size')
  await terminal.type('clear\n')
  await waitForScreen(terminal.page, `^${escape(PROMPT)}$`)
  return { rows: Number(match[1]) + 1, cols: Number(match[2]) }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs each side's step in turn, the order rotated each round so that neither always goes first. */
async function alternate(roundIndex: number, steps: (() => Promise<unknown>)[]): Promise<void> {
  for (let step = 0; step < steps.length; step++) await steps[(step + roundIndex) % steps.length]?.()
}

/**
 * Output tmux threw away for the session's viewers so far (`#{client_discarded}`): when a client's
 * terminal cannot keep up, tmux drops what it has queued for it, stops drawing to it and redraws
 * the whole screen once it has caught up, checking every 100 ms.
 */
async function discardedBytes(session: TmateSimSession): Promise<number> {
  const { stdout } = await promisify(execFile)('tmux', ['-S', session.tmuxSocket, '-N', 'list-clients', '-F', '#{client_discarded}'])
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .reduce((sum, line) => sum + Number(line), 0)
}

/** CPU used over a stretch of time, in % of one core, by the processes that take part. */
type CpuShares = Record<CpuGroup, number>
type CpuGroup = 'tmux' | 'core' | 'baseline' | 'page' | 'gpu' | 'browser' | 'simulator' | 'others' | 'machine'

interface CpuSnapshot {
  at: number
  /** utime + stime of each process that takes part, in clock ticks (USER_HZ). */
  processes: Map<number, { group: CpuGroup; ticks: number }>
  /** All CPUs' busy time, in ticks. */
  machineTicks: number
}

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const TICK_MS = 10
const CPU_GROUPS: readonly CpuGroup[] = ['tmux', 'core', 'baseline', 'page', 'gpu', 'browser', 'simulator', 'others', 'machine']

/**
 * Where the CPU goes while something is timed: this machine runs the simulated host (tmux), the
 * transport and Shipmate on the same cores, so a process that works harder slows the others.
 * Groups: the session's tmux server, Shipmate's core (the `--web` process), the baseline web
 * terminal's server, Chromium's pages (both; rounds alternate, so the other one is idle), GPU
 * (WebGL in software) and other processes, the simulator (the simulator's SSH server runs in this
 * benchmark process, which also drives the browser), and what everything else on the machine used.
 */
async function cpuSnapshot(tmuxPid: number): Promise<CpuSnapshot> {
  const at = performance.now()
  const stat = await readFile('/proc/stat', 'utf8')
  const [, ...fields] = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).map(Number)
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const machineTicks = fields.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0)
  const table = new Map<number, { ppid: number; ticks: number; comm: string }>()
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const line = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '')
    const close = line.lastIndexOf(')')
    if (close < 0) continue
    const rest = line.slice(close + 2).split(' ')
    table.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), comm: line.slice(line.indexOf('(') + 1, close) })
  }
  const processes = new Map<number, { group: CpuGroup; ticks: number }>()
  const own = table.get(process.pid)
  if (own) processes.set(process.pid, { group: 'simulator', ticks: own.ticks })
  const server = table.get(tmuxPid)
  if (server) processes.set(tmuxPid, { group: 'tmux', ticks: server.ticks })
  for (const [pid, entry] of table) {
    if (pid === process.pid || !descendsFrom(table, pid, process.pid)) continue
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    const group = groupOf(entry.comm, cmdline)
    if (group) processes.set(pid, { group, ticks: entry.ticks })
  }
  return { at, processes, machineTicks }
}

function descendsFrom(table: Map<number, { ppid: number }>, pid: number, ancestor: number): boolean {
  for (let current = table.get(pid)?.ppid; current !== undefined && current > 1; current = table.get(current)?.ppid) {
    if (current === ancestor) return true
  }
  return false
}

function groupOf(comm: string, cmdline: string): CpuGroup | undefined {
  if (cmdline.includes('cli.js') && cmdline.includes('--web')) return 'core'
  if (cmdline.includes('web-terminal-baseline')) return 'baseline'
  // The simulator's `tmux attach` clients, one per viewer (the server itself is no descendant).
  if (comm.startsWith('tmux')) return 'tmux'
  if (!/chrom/i.test(comm) && !/chrom/i.test(cmdline)) return undefined
  if (cmdline.includes('--type=renderer')) return 'page'
  if (cmdline.includes('--type=gpu-process')) return 'gpu'
  return 'browser'
}

/** Starts measuring; the function returned stops and gives each group's share of one core. */
async function cpuWindow(tmuxPid: number): Promise<() => Promise<CpuShares>> {
  const before = await cpuSnapshot(tmuxPid)
  return async () => {
    const after = await cpuSnapshot(tmuxPid)
    const wallMs = after.at - before.at
    const shares = Object.fromEntries(CPU_GROUPS.map((group) => [group, 0])) as CpuShares
    let ours = 0
    for (const [pid, { group, ticks }] of after.processes) {
      const start = before.processes.get(pid)
      if (start === undefined) continue
      const ms = (ticks - start.ticks) * TICK_MS
      shares[group] += ms
      ours += ms
    }
    const machineMs = (after.machineTicks - before.machineTicks) * TICK_MS
    shares.machine = machineMs
    shares.others = Math.max(0, machineMs - ours)
    for (const group of CPU_GROUPS) shares[group] = (shares[group] / wallMs) * 100
    return shares
  }
}

/** Median share of each group over runs, busiest first: `tmux 97 %, page 61 %, …`. */
function cpuText(runs: CpuShares[]): string {
  const medians = CPU_GROUPS.map((group) => ({ group, share: median(runs.map((run) => run[group])) }))
  const parts = medians.filter(({ group, share }) => group !== 'machine' && share >= 1).sort((a, b) => b.share - a.share)
  const machine = medians.find(({ group }) => group === 'machine')?.share ?? Number.NaN
  return `CPU in % of one core (median): ${parts.map(({ group, share }) => `${group} ${round(share, 0)}`).join(', ')}; machine ${round(machine, 0)} of ${cpus().length * 100}`
}

/**
 * The marker's digits come from the shell's arithmetic, so the typed line itself (echoed before
 * the command starts) never matches; base64 has no `-`, so the file cannot either.
 */
function marked(command: string, tag: string): { command: string; marker: string } {
  return { command: `${command}; echo ${tag}-$((6*7))-END`, marker: `${tag}-42-END` }
}

const mibps = (bytes: number, ms: number) => bytes / MIB / (ms / 1000)
const times = (values: number[]) => `${roundedList(values)} ms`
const kib = (values: number[]) => `${roundedList(values.map((bytes) => bytes / 1024))} KiB`
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

async function measureThroughput(sides: Sides, filePath: string): Promise<Figure[]> {
  const runs: Record<Side['name'], CatRun[]> = { Shipmate: [], baseline: [] }
  for (let roundIndex = 0; roundIndex < THROUGHPUT_ROUNDS; roundIndex++) {
    await alternate(roundIndex, [
      async () => runs.Shipmate.push(await catInPage(sides.shipmate, filePath, roundIndex + 1)),
      async () => runs.baseline.push(await catInPage(sides.baseline, filePath, roundIndex + 1)),
    ])
  }
  const rate = (side: Side['name']) => mibps(FILE_BYTES, median(runs[side].map((run) => run.ms)))
  const describe = (side: Side['name']) => {
    const sideRuns = runs[side]
    return (
      `${side} ${times(sideRuns.map((run) => run.ms))}, the marker's message taken up after ` +
      `${times(sideRuns.map((run) => run.arrivedMs))}; ${kib(sideRuns.map((run) => run.bytes))} of output reached the page, ` +
      `tmux discarded ${kib(sideRuns.map((run) => run.discarded))} for it; ${cpuText(sideRuns.map((run) => run.cpu))}`
    )
  }
  return [
    {
      figure: 'throughput: cat 64 MiB → prompt back (median)',
      value: round(rate('Shipmate'), 1),
      unit: 'MiB/s',
      baseline: round(rate('baseline'), 1),
      ratio: round(rate('Shipmate') / rate('baseline')),
      goal: '≥ 0.95 × baseline',
      note:
        `Enter keydown → the marker echoed after the cat parsed by the page's xterm.js, ${sides.size.cols}x${sides.size.rows}; ` +
        `${THROUGHPUT_ROUNDS} rounds each, alternating; ${describe('Shipmate')}; ${describe('baseline')}`,
    },
  ]
}

/** `cat` in one side's session, timed in its page from the Enter keydown until the marker is parsed. */
async function catInPage(side: Side, filePath: string, roundNumber: number): Promise<CatRun> {
  const { page, terminal } = side
  const { command, marker } = marked(`cat ${filePath}`, `R${roundNumber}`)
  await page.bringToFront()
  await terminal.type('clear\n')
  await waitForScreen(page, `^${escape(PROMPT)}$`)
  await terminal.type(command)
  await waitForScreen(page, `${escape(command)}$`)
  await arm(page, { pattern: marker, key: 'Enter', arrival: marker, timeoutMs: 300_000 })
  const discardedBefore = await discardedBytes(side.session)
  const stop = await cpuWindow(side.session.serverPid)
  await page.keyboard.press('Enter')
  const { ms, bytes, arrivedMs } = await result(page)
  const cpu = await stop()
  const discarded = (await discardedBytes(side.session)) - discardedBefore
  await waitForScreen(page, `${marker}\\n${escape(PROMPT)}$`)
  return { ms, bytes, arrivedMs, cpu, discarded }
}

/** The prompt alone on the last line above the status row: Ctrl-C landed and `yes` is gone. */
const PROMPT_AT_BOTTOM = `\\n${escape(PROMPT)}$`

type InterruptRun = WatchResult & { cpu: CpuShares; discarded: number; sameScreen: boolean; skipped: boolean }

const msList = (runs: readonly InterruptRun[]): string => (runs.length === 0 ? 'none' : `${roundedList(runs.map((run) => run.ms))} ms`)

/**
 * The core logs each interrupt that skipped the renderer's backlog, with what its mirror took in
 * before the screen went to the page: "N KiB … in M ms".
 */
function skipsLogged(log: string): RegExpExecArray[] {
  return [...log.matchAll(/skipped the output queued ahead of an interrupt \((\d+) KiB taken in by the mirror in (\d+) ms\)/g)]
}

async function measureInterrupt(sides: Sides): Promise<Figure[]> {
  const runs: Record<Side['name'], InterruptRun[]> = { Shipmate: [], baseline: [] }
  for (let roundIndex = 0; roundIndex < INTERRUPT_ROUNDS; roundIndex++) {
    await alternate(roundIndex, [
      async () => runs.Shipmate.push(await interruptInPage(sides.shipmate)),
      async () => runs.baseline.push(await interruptInPage(sides.baseline)),
    ])
  }
  const ms = (side: Side['name']) => runs[side].map((run) => run.ms)
  const mid = (values: number[]) => round(median(values), 0)
  const describe = (side: Side['name']) => {
    const sideRuns = runs[side]
    const of = (pick: (run: InterruptRun) => number) => sideRuns.map(pick)
    return (
      `${side} ${roundedList(ms(side))} ms; medians: the key waited ${mid(of((run) => run.keyWaitMs))} ms for the page's ` +
      `main thread, the keys left the page after ${mid(of((run) => run.sentMs))} ms, the message with the prompt was taken ` +
      `up after ${mid(of((run) => run.arrivedMs))} ms (${roundedList(of((run) => run.arrivedMs))}), behind ` +
      `${mid(of((run) => run.bytesAfterKey / 1024))} KiB of flood that reached the page after the key ` +
      `(${roundedList(of((run) => run.bytesAfterKey / 1024))} KiB); tasks over 50 ms took ${mid(of((run) => run.longTaskMs))} ms ` +
      `of the page's main thread; tmux discarded ${round(sum(of((run) => run.discarded)) / 1024, 0)} KiB for it in all rounds; ` +
      `the page's screen was the host pane's after ${sideRuns.filter((run) => run.sameScreen).length} of ${sideRuns.length} interrupts; ` +
      (side === 'Shipmate'
        ? `the backlog was skipped in the rounds of ${msList(sideRuns.filter((run) => run.skipped))}, not in those of ${msList(sideRuns.filter((run) => !run.skipped))}; ` +
          `each skip's flood taken in by the core's mirror before the screen went out: ${skipFigures(sides.shipmate.log?.() ?? '')}; `
        : '') +
      `from \`yes\` to the prompt, ${cpuText(sideRuns.map((run) => run.cpu))}`
    )
  }
  const sample = `${INTERRUPT_ROUNDS} rounds each, alternating, ${FLOOD_MS} ms of \`yes\` before each Ctrl-C`
  return [
    {
      figure: 'interrupt: yes, Ctrl-C → prompt on screen (median)',
      value: round(median(ms('Shipmate')), 1),
      unit: 'ms',
      baseline: round(median(ms('baseline')), 1),
      ratio: round(median(ms('Shipmate')) / median(ms('baseline'))),
      goal: 'median ≤ baseline',
      note:
        `Ctrl-C keydown (event timeStamp) → the prompt alone on the last line, parsed by the page's xterm.js; ${sample}; ` +
        `${describe('Shipmate')}; ${describe('baseline')}`,
    },
    {
      figure: 'interrupt: yes, Ctrl-C → prompt on screen (p95)',
      value: round(percentile(ms('Shipmate'), 95), 1),
      unit: 'ms',
      baseline: round(percentile(ms('baseline'), 95), 1),
      ratio: round(percentile(ms('Shipmate'), 95) / percentile(ms('baseline'), 95)),
      goal: 'p95 < 400 ms',
      note: sample,
    },
  ]
}

async function interruptInPage(side: Side): Promise<InterruptRun> {
  const { page } = side
  await page.bringToFront()
  await side.terminal.focus()
  // Armed before the flood: during it the page is busy and a DevTools round trip is slow.
  await arm(page, { pattern: PROMPT_AT_BOTTOM, key: 'Control+c', arrival: PROMPT, timeoutMs: 60_000 })
  const discardedBefore = await discardedBytes(side.session)
  const skipsBefore = skipsLogged(side.log?.() ?? '').length
  const stop = await cpuWindow(side.session.serverPid)
  await page.keyboard.type('yes')
  await page.keyboard.press('Enter')
  await sleep(FLOOD_MS)
  await page.keyboard.press('Control+c')
  const run = await result(page)
  const cpu = await stop()
  const discarded = (await discardedBytes(side.session)) - discardedBefore
  await sleep(300)
  const sameScreen = await sameScreenAsPane(side)
  return { ...run, cpu, discarded, sameScreen, skipped: skipsLogged(side.log?.() ?? '').length > skipsBefore }
}

/** What each skip took in before the screen went to the page. */
function skipFigures(log: string): string {
  const figures = skipsLogged(log)
  return figures.length === 0 ? 'none logged' : figures.map((match) => `${match[1]} KiB/${match[2]} ms`).join(', ')
}

/**
 * The page's rows are the host pane's (the status row aside): what an interrupt skipped was output,
 * never the screen. Given a second for a late redraw.
 */
async function sameScreenAsPane(side: Side): Promise<boolean> {
  const deadline = Date.now() + 1_000
  for (;;) {
    const { stdout } = await promisify(execFile)('tmux', ['-S', side.session.tmuxSocket, 'capture-pane', '-p'])
    const pane = stdout.replace(/\n$/, '').split('\n').map((line) => line.trimEnd())
    const page = (await side.terminal.text()).split('\n').slice(0, -1).map((line) => line.trimEnd())
    if (JSON.stringify(pane.slice(0, page.length)) === JSON.stringify(page)) return true
    if (Date.now() > deadline) return false
    await sleep(50)
  }
}

async function measureEcho(sides: Sides): Promise<Figure[]> {
  const runs: Record<Side['name'], WatchResult[]> = { Shipmate: [], baseline: [] }
  /** Shipmate: each key's request sent → its reply taken up, and the echo message taken up → the reply. */
  const replies: { afterSent: number; afterEcho: number }[] = []
  for (const side of [sides.shipmate, sides.baseline]) {
    await side.page.bringToFront()
    await side.terminal.focus()
    await side.terminal.type('clear\n')
    await waitForScreen(side.page, `^${escape(PROMPT)}$`)
  }
  const gap = keyGaps()
  const echo = async (side: Side, letter: string): Promise<void> => {
    const { page } = side
    await gap()
    await arm(page, { pattern: `(^|\\n)${escape(`${PROMPT} ${letter}`)}$`, key: letter, timeoutMs: 10_000 })
    // The key goes up after the echo, as a finger's would: a press sends the keyup at once, and
    // handling it right then would hold up the page's main thread while the echo is due.
    await page.keyboard.down(letter)
    const run = await result(page)
    runs[side.name].push(run)
    await page.keyboard.up(letter)
    // Ctrl-U clears the line; the page must show it cleared before the next key.
    await page.keyboard.press('Control+u')
    await waitForScreen(page, `(^|\\n)${escape(PROMPT)}$`, 10_000)
    if (side === sides.shipmate) {
      const afterSent = await page.evaluate(() => (window as unknown as BenchWindow).terminalProbe.replyMs())
      replies.push({ afterSent, afterEcho: afterSent - (run.arrivedMs - run.sentMs) })
    }
  }
  for (let roundIndex = 0; roundIndex < ECHO_ROUNDS; roundIndex++) {
    const letter = String.fromCharCode(97 + (roundIndex % 26))
    await alternate(roundIndex, [() => echo(sides.shipmate, letter), () => echo(sides.baseline, letter)])
  }
  const ms = (side: Side['name']) => runs[side].map((run) => run.ms)
  // Paired by round: both halves of a pair ran within a few hundred ms of each other.
  const difference = ms('Shipmate').map((value, index) => value - (ms('baseline')[index] ?? Number.NaN))
  const sample = `${ECHO_ROUNDS} keys each, alternating, 20–70 ms apart`
  const mid = (values: number[]) => round(median(values), 2)
  const describe = (side: Side['name']) => {
    const sideRuns = runs[side]
    const of = (pick: (run: WatchResult) => number) => sideRuns.map(pick)
    return (
      `${side}: median ${mid(ms(side))} ms, p99 ${round(percentile(ms(side), 99), 2)} ms; medians: key → page handled it ` +
      `${mid(of((run) => run.keyWaitMs))} ms, → keys sent ${mid(of((run) => run.sentMs))} ms, sent → echo message taken up ` +
      `${mid(of((run) => run.arrivedMs - run.sentMs))} ms, message → parsed ${mid(of((run) => run.ms - run.arrivedMs))} ms, ` +
      `page's main thread free again ${mid(of((run) => run.pageFreeMs))} ms after the key`
    )
  }
  const goalMet = (limit: number, value: number, base: number) => `${value - base <= limit ? 'met' : 'not met'}: ${round(value - base, 2)} ms over the baseline`
  const shipmateMedian = median(ms('Shipmate'))
  const baselineMedian = median(ms('baseline'))
  const shipmateP99 = percentile(ms('Shipmate'), 99)
  const baselineP99 = percentile(ms('baseline'), 99)
  return [
    {
      figure: 'echo: key → character parsed at an idle prompt (median)',
      value: round(shipmateMedian, 2),
      unit: 'ms',
      baseline: round(baselineMedian, 2),
      ratio: round(shipmateMedian / baselineMedian),
      goal: 'median ≤ baseline + 1 ms',
      note:
        `${goalMet(1, shipmateMedian, baselineMedian)}; keydown timeStamp → the letter after the prompt in the page's ` +
        `xterm.js buffer (the frame that paints it is not counted); ${sample}; per-round difference Shipmate − baseline: ` +
        `median ${mid(difference)} ms, p99 ${round(percentile(difference, 99), 2)} ms; ${describe('Shipmate')} (its ` +
        `sessions.input reply, sent by the core once the echo has gone out, taken up ${mid(replies.map((reply) => reply.afterSent))} ms after the ` +
        `request left, ${mid(replies.map((reply) => reply.afterEcho))} ms after the echo message, behind the echo's parse and frame); ${describe('baseline')}`,
    },
    {
      figure: 'echo: key → character parsed at an idle prompt (p99)',
      value: round(shipmateP99, 2),
      unit: 'ms',
      baseline: round(baselineP99, 2),
      ratio: round(shipmateP99 / baselineP99),
      goal: 'p99 ≤ baseline + 5 ms',
      note: `${goalMet(5, shipmateP99, baselineP99)}; ${sample}`,
    },
  ]
}

interface PasteRun {
  ms: number
  /** What `wc -c` on the host counted: the paste, the key typed during it and Enter. */
  counted: number
  key: KeyAnswer
  /** Echoed output that reached the page, and what tmux discarded for the viewer meanwhile. */
  bytes: number
  discarded: number
  cpu: CpuShares
  /** The screen's last lines, where wc never finished as far as the page showed (ms, counted and bytes are then NaN). */
  unfinished?: string
  /** wc finished and the host's pane shows its count, but the page's screen lacks that line. */
  pageMissedCount?: boolean
  /** wc finished but no count stands right above the marker in the host's pane: its last lines. */
  paneTail?: string
}

/**
 * A 10 MB paste into `wc -c` (a `cat > /dev/null` that says how much it read), echo on as in any
 * shell. Shipmate's page pastes as a user does: Ctrl+Shift+V, then Paste in its confirmation
 * (timed from that click); its input queue sends the paste in pieces, each after the last was
 * answered. The baseline's page hands the same text to xterm.js's paste(), which sends it as one
 * message. A second into the paste a key is typed, to see whether the page still answers: its
 * keydown handled, the next frame begun. Its echo cannot come sooner in either design: it follows
 * the paste in the same byte stream. Then Enter and Ctrl-D end `wc`.
 */
async function measurePaste(sides: Sides, shipmateOrigin: string): Promise<Figure[]> {
  const text = pasteText(PASTE_BYTES)
  await sides.shipmate.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shipmateOrigin })
  await sides.shipmate.page.evaluate((content) => navigator.clipboard.writeText(content), text)
  await sides.baseline.page.evaluate((content) => {
    ;(window as unknown as BenchWindow).benchPaste = content
  }, text)
  const runs: Record<Side['name'], PasteRun[]> = { Shipmate: [], baseline: [] }
  for (let roundIndex = 0; roundIndex < PASTE_ROUNDS; roundIndex++) {
    await alternate(roundIndex, [
      async () =>
        runs.Shipmate.push(
          await pasteInPage(sides.shipmate, roundIndex + 1, async () => {
            const page = sides.shipmate.page
            await page.keyboard.press('Control+Shift+V')
            const confirm = page.getByRole('dialog', { name: 'Paste several lines?' })
            await expect(confirm).toContainText(/\d lines/)
            return () => confirm.getByRole('button', { name: 'Paste' }).click()
          }),
        ),
      async () =>
        runs.baseline.push(
          await pasteInPage(sides.baseline, roundIndex + 1, async () => {
            const page = sides.baseline.page
            return () => page.evaluate(() => {
              const bench = window as unknown as BenchWindow
              bench.baseline.term.paste(bench.benchPaste ?? '')
            })
          }),
        ),
    ])
  }
  const rate = (side: Side['name']) => mibps(PASTE_BYTES, median(runs[side].filter((run) => !run.unfinished).map((run) => run.ms)))
  const expected = PASTE_BYTES + 2
  const describe = (side: Side['name']) => {
    const sideRuns = runs[side]
    const unfinished = sideRuns.flatMap((run, index) => [
      ...(run.unfinished ? [`round ${index + 1} showed no marker within ${PASTE_TIMEOUT_MS / 1000} s, its screen ending "${run.unfinished}`] : []),
      ...(run.pageMissedCount ? [`round ${index + 1}: the host's pane shows the count, the page's screen lacks that line`] : []),
      ...(run.paneTail ? [`round ${index + 1}: no count right above the marker, the host's pane ends "${run.paneTail}"`] : []),
    ])
    return (
      `${side} ${times(sideRuns.map((run) => run.ms))}, wc counted ${roundedList(sideRuns.map((run) => run.counted))} ` +
      `(${sideRuns.every((run) => run.counted === expected) ? 'all of it' : `expected ${expected}`}${unfinished.map((text) => `; ${text}`).join('')}); ` +
      `${kib(sideRuns.map((run) => run.bytes))} of echo reached the page, tmux discarded ${kib(sideRuns.map((run) => run.discarded))}; ` +
      `${cpuText(sideRuns.map((run) => run.cpu))}`
    )
  }
  const keyMs = (side: Side['name']) => runs[side].map((run) => run.key.frameMs)
  const worst = (values: number[]) => Math.max(...values)
  return [
    {
      figure: 'paste: 10 MiB into wc -c, echo on → count shown (median)',
      value: round(rate('Shipmate'), 2),
      unit: 'MiB/s',
      baseline: round(rate('baseline'), 2),
      ratio: round(rate('Shipmate') / rate('baseline')),
      goal: '≥ 0.8 × baseline, all of it arrives',
      note: `the paste begins → wc's count and the marker after it parsed; ${PASTE_ROUNDS} rounds each, alternating; ${describe('Shipmate')}; ${describe('baseline')}`,
    },
    {
      figure: 'paste: key typed during the paste → page answers (worst)',
      value: round(worst(keyMs('Shipmate')), 1),
      unit: 'ms',
      baseline: round(worst(keyMs('baseline')), 1),
      ratio: round(worst(keyMs('Shipmate')) / worst(keyMs('baseline'))),
      goal: '< 250 ms',
      note:
        `keydown timeStamp ${PASTE_KEY_AFTER_MS} ms into the paste → the page's main thread handled it (Shipmate ` +
        `${times(runs.Shipmate.map((run) => run.key.handledMs))}, baseline ${times(runs.baseline.map((run) => run.key.handledMs))}) → ` +
        `the next animation frame began (Shipmate ${times(keyMs('Shipmate'))}, baseline ${times(keyMs('baseline'))}). ` +
        `The key's echo comes after the paste's bytes in both designs (one byte stream, in order)`,
    },
  ]
}

/**
 * One paste: `prepare` gets the page ready and returns what starts the paste. The clock starts at
 * the arming just before that, and stops when wc's count and the marker after it are parsed.
 */
async function pasteInPage(side: Side, roundNumber: number, prepare: () => Promise<() => Promise<unknown>>): Promise<PasteRun> {
  const { page, terminal } = side
  const { command, marker } = marked('wc -c', `P${roundNumber}`)
  await page.bringToFront()
  await terminal.type('clear\n')
  await waitForScreen(page, `^${escape(PROMPT)}$`)
  await terminal.type(`echo ready-$((6*7)); ${command}\n`)
  await waitForScreen(page, '(^|\\n)ready-42$')
  await terminal.focus()
  const start = await prepare()
  await arm(page, { pattern: `(^|\\n)${marker}\\n${escape(PROMPT)}$`, timeoutMs: PASTE_TIMEOUT_MS })
  const discardedBefore = await discardedBytes(side.session)
  const stop = await cpuWindow(side.session.serverPid)
  await start()
  // Shipmate's confirmation has just closed: the key must go to the terminal.
  await page.locator('.terminal-frame .xterm-helper-textarea').focus()
  await sleep(PASTE_KEY_AFTER_MS)
  await page.evaluate(() => {
    ;(window as unknown as BenchWindow).benchKey = new Promise<KeyAnswer>((resolve) => {
      window.addEventListener(
        'keydown',
        (event) => {
          const handledMs = performance.now() - event.timeStamp
          requestAnimationFrame(() => resolve({ handledMs, frameMs: performance.now() - event.timeStamp }))
        },
        { once: true, capture: true },
      )
    })
  })
  await page.keyboard.down('x')
  const key = await page.evaluate(() => (window as unknown as BenchWindow).benchKey as Promise<KeyAnswer>)
  await page.keyboard.up('x')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Control+d')
  const outcome = await result(page).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
  const cpu = await stop()
  const discarded = (await discardedBytes(side.session)) - discardedBefore
  if (outcome instanceof Error) {
    const lines = (await terminal.text()).split('\n').map((line) => line.trimEnd())
    lines.pop()
    const { stdout } = await promisify(execFile)('tmux', ['-S', side.session.tmuxSocket, 'list-panes', '-F', '#{pane_current_command}'])
    const { stdout: pane } = await promisify(execFile)('tmux', ['-S', side.session.tmuxSocket, 'capture-pane', '-p'])
    const unfinished = `${lines.filter((line) => line !== '').slice(-3).join(' / ')}" (the pane runs ${stdout.trim()} and ends "${lastLines(pane, 3)}")`
    // Whatever still runs gets Ctrl-C: the next round starts at a prompt of its own.
    await page.keyboard.press('Control+c')
    await waitForScreen(page, `(^|\\n)${escape(PROMPT)}$`, 60_000)
    return { ms: Number.NaN, counted: Number.NaN, key, bytes: Number.NaN, discarded, cpu, unfinished }
  }
  const { ms, bytes } = outcome
  // The count as the host's pane shows it, and whether the page's screen shows the same line.
  const countLine = new RegExp(`(?:^|\\n)(\\d+)\\n${marker}\\n`)
  const { stdout: pane } = await promisify(execFile)('tmux', ['-S', side.session.tmuxSocket, 'capture-pane', '-p'])
  const counted = Number(countLine.exec(pane)?.[1] ?? Number.NaN)
  if (Number.isNaN(counted)) return { ms, counted, key, bytes, discarded, cpu, paneTail: lastLines(pane, 5) }
  const pageMissedCount = !countLine.test(await terminal.text())
  return { ms, counted, key, bytes, discarded, cpu, pageMissedCount }
}

/** The last `count` lines of a pane's text that are not blank, joined with " / ". */
function lastLines(pane: string, count: number): string {
  return pane
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .slice(-count)
    .join(' / ')
}

/**
 * A pseudo-random 20–70 ms pause before each key, so keys do not fall in step with any timer; the
 * same sequence every time it is started.
 */
function keyGaps(): () => Promise<unknown> {
  let state = 7
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return sleep(20 + (state / 2 ** 31) * 50)
  }
}

interface FloorProbe {
  keyAt: number
  reply: Promise<number>
  resolve: (ms: number) => void
}

/**
 * What any browser-mode design pays before Shipmate does anything: a key in a page of its own,
 * taken up by a keydown listener that sends a WebSocket message to a bare Node echo server in the
 * benchmark process, and the reply taken up by the page. Same browser, same key timing as the echo
 * measurement; no SSH, no xterm.js.
 */
async function measureBrowserFloor(browser: Browser): Promise<Figure[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(String(data))))
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  const page = await browser.newPage()
  try {
    await page.setContent('<!doctype html><title>floor</title>')
    // tsx's keepNames wraps named functions in `__name(...)`; the functions below carry it into the page.
    await page.evaluate('globalThis.__name = (fn) => fn')
    await page.evaluate(async (url) => {
      const socket = new WebSocket(url)
      await new Promise((resolve) => socket.addEventListener('open', resolve))
      const floor: FloorProbe = { keyAt: 0, reply: Promise.resolve(0), resolve: () => undefined }
      Object.assign(window, { floor })
      window.addEventListener('keydown', (event) => {
        floor.keyAt = event.timeStamp
        socket.send(JSON.stringify({ type: 'request', id: 1, method: 'sessions.input', args: { sessionId: 'floor', data: event.key } }))
      })
      socket.addEventListener('message', () => floor.resolve(performance.now() - floor.keyAt))
    }, `ws://127.0.0.1:${port}/`)
    // The same gaps as the echo rounds. Waiting in the page for the reply, not by polling:
    // Playwright's polling runs a requestAnimationFrame loop, and a key would wait behind a frame.
    const gap = keyGaps()
    const times: number[] = []
    for (let roundIndex = 0; roundIndex < ECHO_ROUNDS; roundIndex++) {
      await gap()
      await page.evaluate(() => {
        const { floor } = window as unknown as { floor: FloorProbe }
        floor.reply = new Promise((resolve) => {
          floor.resolve = resolve
        })
      })
      await page.keyboard.down('a')
      times.push(await page.evaluate(() => (window as unknown as { floor: FloorProbe }).floor.reply))
      await page.keyboard.up('a')
    }
    return [
      {
        figure: 'echo floor: key → WebSocket echo from a bare Node server (browser mode)',
        value: round(median(times), 2),
        unit: 'ms',
        note:
          `keydown timeStamp → the reply taken up, in an empty page of its own; ${ECHO_ROUNDS} keys, 20–70 ms ` +
          `apart; median ${round(median(times), 2)} ms, p99 ${round(percentile(times, 99), 2)} ms. Both web terminals' echoes ` +
          `cross the same two hops (page → browser network process → Node and back) on top of SSH, so neither can ` +
          `answer a key faster than this`,
      },
    ]
  } finally {
    await page.close()
    await new Promise((resolve) => server.close(resolve))
  }
}
