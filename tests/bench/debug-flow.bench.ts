import { cpus, loadavg } from 'node:os'
import { StringDecoder } from 'node:string_decoder'
import { setTimeout as delay } from 'node:timers/promises'
import { type Browser, chromium, expect, type Locator, type Page } from '@playwright/test'
import Pusher from 'pusher-js'
import { DEFAULT_POLL_SETTINGS } from '../../electron/core/debug/poll-schedule'
import { GUARD_POLL_SECONDS } from '../../electron/core/alerts/guard-script'
import { App } from '../support/app'
import { chromiumLaunchOptions } from '../support/chromium'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import type { Screen } from '../support/tmate-sim/screen'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'
import { LIVE_KEY, SEED, liveSignature, startTravisEmulator, type TravisEmulator } from '../support/travis-emulator'
import { type Benchmark, type Figure, median, percentile, round, roundedList } from './harness'

/** The emulator's pause between two steps of a job's life (state changes, log parts). */
const STEP_MS = 150
/**
 * Measured rounds of "SSH line → session ready" over the live channel, then with the channel
 * refused (the polling fallback), after one warm-up round that trusts the host key.
 */
const LIVE_ROUNDS = 8
const POLLING_ROUNDS = 6
/** Measured rounds of "join → alert", after one warm-up join. */
const JOIN_ROUNDS = 12
/**
 * While the SSH line is awaited, Shipmate reads the log on every tick and the job every
 * `jobEveryMs`, and spaces ticks by what they cost against `maxPerMinute` (poll-schedule.ts): at
 * the defaults job+log, log, log, job+log…, four requests' worth of spacing per cycle.
 */
const READ_CYCLE_MS = (4 * 60_000) / DEFAULT_POLL_SETTINGS.maxPerMinute
const GUARD_POLL_MS = GUARD_POLL_SECONDS * 1000
/** How much earlier text a byte watch keeps, for a pattern cut in two by a read. */
const TAIL_CHARS = 64

interface ReadyMarks {
  /** The session view holds a terminal: Shipmate found the line and opened the session. */
  view: number
  /** The session header reads "Connected". */
  connected: number
  /**
   * The first screen: the terminal shows tmate's text (the start-up view, which the guard leaves at
   * once, or the prompt), and the frame showing it has been painted.
   */
  ready: number
}

interface AlertMarks {
  /** The banner is in the DOM. */
  inserted: number
  /** …and the frame showing it has been painted. */
  painted: number
}

/** Where the in-page watchers live; kept off the global `Window` type the renderer sees. */
type BenchWindow = Window & { debugFlowBench?: { ready?: Promise<ReadyMarks>; alert?: Promise<AlertMarks> } }

/**
 * Shipmate in browser mode against the Travis emulator and the tmate simulator, both in this
 * process, with one account (alice) on one page for all rounds. Every debug run gets a fresh
 * simulated tmate session behind its SSH line.
 */
class Stage {
  readonly vms = new Map<number, TmateSimSession>()
  /** Extra time a job's VM takes to come up, before anything of the session is in its log. */
  readonly bootMs = new Map<number, number>()

  private constructor(
    readonly emu: TravisEmulator,
    readonly sim: TmateSim,
    readonly browser: Browser,
    readonly app: App,
  ) {}

  static async open(): Promise<Stage> {
    const opened: { close(): Promise<unknown> }[] = []
    try {
      const sim = await startTmateSim()
      opened.push(sim)
      // Without the bulk repositories and the big log: adding the account stays quick on a busy machine.
      const emu = await startTravisEmulator({
        port: 0,
        rateLimit: { enabled: false },
        timeline: { stepMs: STEP_MS, dotEveryMs: 60_000 },
        seed: { bulkRepoCount: 0, bigLogLines: 100 },
      })
      opened.push(emu)
      const browser = await chromium.launch(chromiumLaunchOptions())
      opened.push(browser)
      const app = await App.start(browser)
      opened.push({ close: () => app.stop() })
      const stage = new Stage(emu, sim, browser, app)
      emu.control.setDefaultDebugScript({
        ssh: async (jobId) => {
          await delay(stage.bootMs.get(jobId) ?? 0)
          const vm = await sim.createSession()
          stage.vms.set(jobId, vm)
          return { host: sim.host, port: sim.port, token: vm.token }
        },
        onVmGone: (jobId) => void stage.vms.get(jobId)?.end(),
      })
      await allowBundledHelpers(app.page)
      await app.addAccount(emu.url, SEED.users.alice.token)
      return stage
    } catch (error) {
      for (const thing of opened.reverse()) await thing.close().catch(() => {})
      throw error
    }
  }

  get page(): Page {
    return this.app.page
  }

  vm(jobId: number): TmateSimSession {
    const vm = this.vms.get(jobId)
    if (!vm) throw new Error(`no tmate session behind job ${jobId}`)
    return vm
  }

  /** Pastes filler build #n's address, clicks "Debug job #n.1" and waits for the dialog's verdict; returns the dialog. */
  async openDebugDialog(n: number): Promise<Locator> {
    const { page } = this
    const paste = page.getByLabel('Paste a Travis URL')
    await paste.fill(`http://${new URL(this.emu.url).host}/github/alice/private-app/builds/${filler(n).buildId}`)
    await paste.press('Enter')
    await page.getByRole('button', { name: `Debug job #${n}.1`, exact: true }).click()
    const dialog = page.getByRole('dialog', { name: /^Debug job #/ })
    await expect(dialog.getByRole('status', { name: 'Debug availability' })).toContainText('can be restarted in debug mode')
    return dialog
  }

  /** Leaves the session (disconnect, close) and ends the job's debug life and its tmate session. */
  async endSession(jobId: number): Promise<void> {
    const { page } = this
    await page.getByRole('button', { name: 'Disconnect', exact: true }).first().click()
    await page.getByRole('button', { name: 'Close session' }).click()
    await expect(page.getByLabel('Paste a Travis URL')).toBeVisible()
    this.emu.control.endDebugSession(jobId)
    await this.vms.get(jobId)?.end()
  }

  async close(): Promise<void> {
    await this.app.stop().catch(() => {})
    await this.browser.close().catch(() => {})
    await this.emu.close().catch(() => {})
    await this.sim.close().catch(() => {})
  }
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(...)`;
 * functions handed to `page.evaluate` carry those calls into the page, so the page needs the helper.
 */
async function allowBundledHelpers(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name = (fn) => fn')
}

/** Filler build #n of alice/private-app: a finished single-job build, each round its own. */
function filler(n: number): { buildId: number; jobId: number } {
  return { buildId: SEED.builds.firstFiller + n - 1, jobId: SEED.jobs.firstFiller + n - 1 }
}

/**
 * Offsets that spread an event over one `periodMs` (golden-ratio steps: evenly, for any count):
 * whatever the rounds are otherwise locked to (a poll loop started at the click), each round lands
 * at another phase of it.
 */
function phaseOffsets(count: number, periodMs: number): number[] {
  const golden = (Math.sqrt(5) - 1) / 2
  return Array.from({ length: count }, (_, index) => ((index * golden) % 1) * periodMs)
}

/** The moment (Date.now) `check` first holds for the screen, tested after every parsed write. */
function whenScreen(screen: Screen, check: (screen: Screen) => boolean, what: string, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const test = (): void => {
      if (!check(screen)) return
      subscription.dispose()
      clearTimeout(timeout)
      resolve(Date.now())
    }
    const subscription = screen.term.onWriteParsed(test)
    const timeout = setTimeout(() => {
      subscription.dispose()
      reject(new Error(`timed out waiting for ${what}; screen:\n${screen.text()}`))
    }, timeoutMs)
    test()
  })
}

/**
 * The moment (Date.now) the bytes a viewer receives first pass `test` (given the text received so
 * far, at least its last `TAIL_CHARS` characters). Taken where the bytes arrive, before the
 * viewer's headless terminal parses them: that runs a timer later, 10 ms and more on a loaded
 * machine. Rejects after `timeoutMs`.
 */
function bytesArrive(screen: Screen, test: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<number> {
  const write = screen.write.bind(screen)
  const decoder = new StringDecoder('utf8')
  let tail = ''
  return new Promise<number>((resolve, reject) => {
    const timeout = setTimeout(() => {
      screen.write = write
      reject(new Error(`timed out waiting for ${what}; screen:\n${screen.text()}`))
    }, timeoutMs)
    screen.write = (data) => {
      const text = tail + (typeof data === 'string' ? data : decoder.write(data))
      if (test(text)) {
        screen.write = write
        clearTimeout(timeout)
        resolve(Date.now())
      }
      tail = text.slice(-TAIL_CHARS)
      write(data)
    }
  })
}

/**
 * When the intruder's ssh first prints what the session sent: the first escape sequence (tmux
 * switching to the alternate screen), as OpenSSH's own warning about the host key comes first and
 * holds none.
 */
function shellOpened(intruder: OpenSshViewer): Promise<number> {
  const opened = bytesArrive(intruder.screen, (text) => text.includes('\x1b'), "the intruder's shell")
  const failed = intruder.exited.then((code) => Promise.reject(new Error(`the intruder's ssh exited with ${code} before its shell opened`)))
  // It exits in every round, after the measurement too: that later rejection is no failure.
  failed.catch(() => {})
  return Promise.race([opened, failed])
}

/** Page clock minus this process's clock, from the round trip with the least delay, and that delay. */
async function clockOffset(page: Page): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: Number.NaN, rttMs: Number.POSITIVE_INFINITY }
  for (let sample = 0; sample < 10; sample++) {
    const sent = Date.now()
    const pageNow = await page.evaluate(() => Date.now())
    const back = Date.now()
    if (back - sent < best.rttMs) best = { offsetMs: pageNow - (sent + back) / 2, rttMs: back - sent }
  }
  return best
}

// --- SSH line -> session ready -------------------------------------------------------------------

/**
 * Arms, in the page, a per-frame watch of the terminal; `readyMarks` collects it. Clocked with
 * Date.now, like this process, to put both sides on one time line (same machine, same clock).
 */
async function armReadyWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const marks: ReadyMarks = { view: Number.NaN, connected: Number.NaN, ready: Number.NaN }
    const ready = new Promise<ReadyMarks>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('the terminal showed nothing for 90 s')), 90_000)
      const frame = () => {
        const now = Date.now()
        if (Number.isNaN(marks.view) && document.querySelector('.terminal-host')) marks.view = now
        const status = document.querySelector('[role="status"][aria-label="Session status"]')?.textContent ?? ''
        if (Number.isNaN(marks.connected) && status.includes('Connected')) marks.connected = now
        if ((window.shipmateTerminalText?.() ?? '').trim() === '') {
          requestAnimationFrame(frame)
          return
        }
        // A task posted from a frame callback runs once that frame has been painted.
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          clearTimeout(timeout)
          resolve({ ...marks, ready: Date.now() })
        }
        channel.port2.postMessage(null)
      }
      requestAnimationFrame(frame)
    })
    ;(window as BenchWindow).debugFlowBench = { ready }
  })
}

function readyMarks(page: Page): Promise<ReadyMarks> {
  return page.evaluate(() => {
    const ready = (window as BenchWindow).debugFlowBench?.ready
    if (!ready) throw new Error('the ready watch was not armed')
    return ready
  })
}

type ReadyMode = 'live' | 'polling'

interface ReadyRound {
  mode: ReadyMode
  bootMs: number
  /** The emulator wrote the SSH line into the job log. */
  lineAt: number
  /**
   * Polling: Shipmate's first read of the log after that (arrival at the emulator). Live: the part
   * with the line reaching a bare pusher-js client subscribed to the same channel.
   */
  discoveredAt: number
  /** Shipmate's core logged that it found the SSH command (and opened the session on it). */
  foundAt: number
  /** Shipmate's core logged the session connected: tmux started drawing. */
  connectedAt: number
  marks: ReadyMarks
  /** All API requests from the debug POST (included) until the first screen, and those about this job. */
  requests: number
  jobRequests: number
  jobReads: number
  logReads: number
  /** Gaps between Shipmate's log reads while it waited for the line. */
  logGaps: number[]
  /** A bare ssh2 viewer: connect until its screen shows text, on a fresh session of the same simulator. */
  bareMs: number
}

/** When the job's SSH line went into its log, and the last API request received before it. */
function sshLineWritten(emu: TravisEmulator, jobId: number): Promise<{ at: number; seq: number }> {
  // The phase is entered right after the line is appended, in the same synchronous run.
  return emu.control.waitForPhase(jobId, 'ssh-ready', 90_000).then(() => ({ at: Date.now(), seq: emu.control.requests().at(-1)?.seq ?? 0 }))
}

/** The time of the first line of Shipmate's own log (`<ISO time> <level> <message>`) at or after `after` whose message matches. */
function coreLogTime(log: string, message: RegExp, after: number): number {
  for (const line of log.split('\n')) {
    const match = /^(\S+) \w+ (.*)$/.exec(line)
    const at = Date.parse(match?.[1] ?? '')
    if (match && at >= after && message.test(match[2] ?? '')) return at
  }
  return Number.NaN
}

const terminalText = (page: Page) => page.evaluate(() => window.shipmateTerminalText?.() ?? '')

/**
 * A bare pusher-js client on the job's private live channel (signed directly, as the API would),
 * resolving with the moment the part holding the SSH line reaches it.
 */
async function bareLiveClient(emu: TravisEmulator, jobId: number): Promise<{ lineEvent: Promise<number>; close: () => void }> {
  const pusher = new Pusher(LIVE_KEY, {
    cluster: 'mt1',
    wsHost: '127.0.0.1',
    wsPort: emu.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: { customHandler: ({ socketId, channelName }, callback) => callback(null, { auth: liveSignature(socketId, channelName) }) },
  })
  const channel = pusher.subscribe(`private-job-${jobId}`)
  let settle: (at: number) => void = () => {}
  const lineEvent = new Promise<number>((resolve) => (settle = resolve))
  channel.bind('job:log', (data: { _log?: string }) => {
    if (data._log?.includes('\x1b[32;1mssh ')) settle(Date.now())
  })
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the bare live client did not subscribe')), 15_000)
    channel.bind('pusher:subscription_succeeded', () => {
      clearTimeout(timeout)
      resolve()
    })
  })
  return { lineEvent, close: () => pusher.disconnect() }
}

/**
 * One debug run of filler build #n: from the dialog's "Debug job" to the session's first screen,
 * then out of the session again. `bootMs` undefined is the warm-up, where the host key is trusted.
 */
async function readyRound(stage: Stage, n: number, bootMs: number | undefined, mode: ReadyMode = 'live'): Promise<ReadyRound | undefined> {
  const { emu, page, app } = stage
  const { jobId } = filler(n)
  emu.control.setLive({ mode: mode === 'live' ? 'on' : 'refuse' })
  const dialog = await stage.openDebugDialog(n)
  const line = sshLineWritten(emu, jobId)
  line.catch(() => {})
  const bare = mode === 'live' && bootMs !== undefined ? await bareLiveClient(emu, jobId) : undefined
  if (bootMs !== undefined) {
    stage.bootMs.set(jobId, bootMs)
    await armReadyWatch(page)
  }
  await dialog.getByRole('button', { name: 'Debug job' }).click()
  if (bootMs === undefined) {
    // The one time a person answers; known_hosts.json keeps the answer for the later rounds.
    await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 60_000 })
    await expect.poll(async () => (await terminalText(page)).trim(), { timeout: 30_000 }).not.toBe('')
    await stage.endSession(jobId)
    return undefined
  }
  const marks = await readyMarks(page)
  const written = await line
  const bareAt = bare && (await bare.lineEvent)
  bare?.close()
  const log = `/job/${jobId}/log`
  const ofJob = new RegExp(`/job/${jobId}(?:/|$)`)
  const all = emu.control.requests()
  const post = all.find((entry) => entry.method === 'POST' && entry.path === `/job/${jobId}/debug`)
  if (!post) throw new Error(`no debug POST for job ${jobId}`)
  const wait = all.filter((entry) => entry.seq >= post.seq && Date.parse(entry.time) <= marks.ready)
  const logReads = wait.filter((entry) => entry.method === 'GET' && entry.path === log)
  const discovery = all.find((entry) => entry.method === 'GET' && entry.path === log && entry.seq > written.seq)
  if (!discovery && mode === 'polling') throw new Error(`Shipmate never read job ${jobId}'s log after its SSH line`)
  const discoveredAt = bareAt ?? Date.parse(discovery?.time ?? '')
  const readTimes = logReads.map((entry) => Date.parse(entry.time)).filter((at) => at <= discoveredAt)
  const foundAt = coreLogTime(app.log, new RegExp(`^debug: job ${jobId} printed its SSH command$`), written.at)
  await stage.endSession(jobId)
  return {
    mode,
    bootMs,
    lineAt: written.at,
    discoveredAt,
    foundAt,
    connectedAt: coreLogTime(app.log, /^sessions: \S+ connected to /, foundAt),
    marks,
    requests: wait.length,
    jobRequests: wait.filter((entry) => ofJob.test(entry.path)).length,
    jobReads: wait.filter((entry) => entry.method === 'GET' && entry.path === `/job/${jobId}`).length,
    logReads: logReads.length,
    logGaps: readTimes.slice(1).map((at, index) => at - (readTimes[index] ?? at)),
    bareMs: await bareFirstScreen(stage.sim),
  }
}

/** What connecting costs without Shipmate: ssh2 + headless xterm, from connect until its screen shows text. */
async function bareFirstScreen(sim: TmateSim): Promise<number> {
  const session = await sim.createSession()
  try {
    const start = Date.now()
    const viewer = await Ssh2Viewer.connect({ port: sim.port, token: session.token })
    try {
      return (await whenScreen(viewer.screen, (screen) => screen.text().trim() !== '', 'text on the screen')) - start
    } finally {
      viewer.close()
    }
  } finally {
    await session.end()
  }
}

/**
 * From the SSH line entering the job log to the session's first screen painted in Shipmate's page,
 * with the API requests the whole wait cost. The baseline is the floor any client of the public
 * API pays: the wait for Shipmate's next read of the log (set by its polling), plus what a bare
 * ssh2 client takes from connect to text on its screen.
 */
export const debugReadyBench: Benchmark = {
  name: 'debug flow: SSH line → session ready',
  async run() {
    const stage = await Stage.open()
    try {
      const { offsetMs, rttMs } = await clockOffset(stage.page)
      const load = loadavg()[0] ?? Number.NaN
      await readyRound(stage, 1, undefined).catch((error: unknown) => {
        // What Shipmate itself saw is the first thing to read when the warm-up fails.
        process.stderr.write(`Shipmate's log:\n${stage.app.log.split('\n').slice(-40).join('\n')}\n`)
        throw error
      })
      const live: ReadyRound[] = []
      const polling: ReadyRound[] = []
      // The VM's boot time, as Shipmate's polls see it: each round's line lands at another phase of
      // them (and of the live run's slow job reads).
      for (const [index, bootMs] of phaseOffsets(LIVE_ROUNDS, READ_CYCLE_MS).entries()) {
        const measured = await readyRound(stage, index + 2, bootMs, 'live')
        if (measured) live.push(measured)
      }
      for (const [index, bootMs] of phaseOffsets(POLLING_ROUNDS, READ_CYCLE_MS).entries()) {
        const measured = await readyRound(stage, index + 2 + LIVE_ROUNDS, bootMs, 'polling')
        if (measured) polling.push(measured)
      }
      const machine = { load, loadAfter: loadavg()[0] ?? Number.NaN, offsetMs, rttMs }
      return [...liveFigures(live, machine), ...readyFigures(polling, machine)]
    } finally {
      await stage.close()
    }
  },
}

interface MachineNote {
  load: number
  loadAfter: number
  offsetMs: number
  rttMs: number
}

function machineNote(machine: MachineNote): string {
  return (
    `load average ${round(machine.load)} → ${round(machine.loadAfter)} on ${cpus().length} cores; ` +
    `page clock − Node clock ${round(machine.offsetMs, 1)} ms (round trip ${machine.rttMs} ms)`
  )
}

/**
 * Over the live channel. Baseline per round: the part with the SSH line reaching a bare pusher-js
 * client on the same channel, plus a bare ssh2 viewer's connect → text on screen.
 */
function liveFigures(rounds: ReadyRound[], machine: MachineNote): Figure[] {
  const total = rounds.map((r) => r.marks.ready - r.lineAt)
  const baseline = rounds.map((r) => r.discoveredAt - r.lineAt + r.bareMs)
  const part = (from: (r: ReadyRound) => number, to: (r: ReadyRound) => number) => round(median(rounds.map((r) => to(r) - from(r))), 0)
  const requests = rounds.map((r) => r.requests)
  return [
    {
      figure: 'SSH line → session ready, live channel (median)',
      value: round(median(total), 0),
      unit: 'ms',
      baseline: round(median(baseline), 0),
      ratio: round(median(total) / median(baseline)),
      goal: 'median < 300 ms',
      note:
        `the emulator appends the SSH line → the first frame with tmate's screen painted; ${rounds.length} rounds, VM boot ` +
        `${roundedList(rounds.map((r) => r.bootMs))} ms longer; rounds ${roundedList(total)} ms; medians of the parts: ` +
        `line → the part reaches a bare pusher-js client ${part((r) => r.lineAt, (r) => r.discoveredAt)}, ` +
        `line → core found it and opened the session ${part((r) => r.lineAt, (r) => r.foundAt)}, ` +
        `→ core connected ${part((r) => r.foundAt, (r) => r.connectedAt)}, → painted ${part((r) => r.connectedAt, (r) => r.marks.ready)} ms; ` +
        `baseline per round: line → bare pusher client + bare ssh2 connect → text (${roundedList(rounds.map((r) => r.bareMs))} ms); ${machineNote(machine)}`,
    },
    {
      figure: 'SSH line → session ready, live channel (p95)',
      value: round(percentile(total, 95), 0),
      unit: 'ms',
      baseline: round(percentile(baseline, 95), 0),
      ratio: round(percentile(total, 95) / percentile(baseline, 95)),
      goal: 'p95 < 500 ms',
      note: `${rounds.length} rounds: the p95 is the slowest round`,
    },
    {
      figure: 'API requests, debug POST → session ready, live channel (median)',
      value: median(requests),
      unit: 'requests',
      goal: '≤ 3',
      note:
        `every request the emulator received in the wait, the POST included: ${roundedList(requests)}; log reads ` +
        `${roundedList(rounds.map((r) => r.logReads))}, job reads ${roundedList(rounds.map((r) => r.jobReads))} (the rest: POST /pusher/auth for the private channel)`,
    },
  ]
}

/** With the live channel refused: the polling fallback. */
function readyFigures(rounds: ReadyRound[], machine: MachineNote): Figure[] {
  const total = rounds.map((r) => r.marks.ready - r.lineAt)
  const discovery = rounds.map((r) => r.discoveredAt - r.lineAt)
  const baseline = rounds.map((r) => r.discoveredAt - r.lineAt + r.bareMs)
  const part = (from: (r: ReadyRound) => number, to: (r: ReadyRound) => number) => round(median(rounds.map((r) => to(r) - from(r))), 0)
  const requests = rounds.map((r) => r.requests)
  const gaps = rounds.flatMap((r) => r.logGaps)
  const valueMedian = median(total)
  const baselineMedian = median(baseline)
  return [
    {
      figure: 'SSH line → session ready, polling fallback (median)',
      value: round(valueMedian, 0),
      unit: 'ms',
      baseline: round(baselineMedian, 0),
      ratio: round(valueMedian / baselineMedian),
      goal: 'median < 1.5 s',
      note:
        `the emulator appends the SSH line → the first frame with tmate's screen in the terminal painted; ` +
        `${rounds.length} rounds (+1 warm-up that trusts the host key), each a finished job of its own, its VM booting ` +
        `${roundedList(rounds.map((r) => r.bootMs))} ms longer to sample every phase of the polls; rounds ${roundedList(total)} ms; ` +
        `medians of the parts: line → next log read ${part((r) => r.lineAt, (r) => r.discoveredAt)}, ` +
        `→ core found it and opened the session ${part((r) => r.discoveredAt, (r) => r.foundAt)}, ` +
        `→ core connected, tmux drawing ${part((r) => r.foundAt, (r) => r.connectedAt)}, ` +
        `→ painted in the page ${part((r) => r.connectedAt, (r) => r.marks.ready)} ms ` +
        `(terminal view up ${part((r) => r.lineAt, (r) => r.marks.view)} ms after the line, "Connected" shown ${part((r) => r.lineAt, (r) => r.marks.connected)}); ` +
        `baseline per round: line → next log read + a bare ssh2 viewer's connect → text on screen (${roundedList(rounds.map((r) => r.bareMs))} ms); ` +
        `API requests, debug POST → ready: ${roundedList(requests)}; ${machineNote(machine)}`,
    },
    {
      figure: 'SSH line → session ready, polling fallback (p95)',
      value: round(percentile(total, 95), 0),
      unit: 'ms',
      baseline: round(percentile(baseline, 95), 0),
      ratio: round(percentile(total, 95) / percentile(baseline, 95)),
      note: `${rounds.length} rounds: the p95 is the slowest round`,
    },
    {
      figure: 'SSH line → next log read, polling fallback (median)',
      value: round(median(discovery), 0),
      unit: 'ms',
      note:
        `how long the line waits for Shipmate's poll: rounds ${roundedList(discovery)} ms, p95 ${round(percentile(discovery, 95), 0)} ms; ` +
        `log reads while waiting were ${round(Math.min(...gaps), 0)}–${round(Math.max(...gaps), 0)} ms apart ` +
        `(poll-schedule.ts: ${DEFAULT_POLL_SETTINGS.waitingMs} ms, stretched to keep under ${DEFAULT_POLL_SETTINGS.maxPerMinute} requests a minute)`,
    },
    {
      figure: 'API requests, debug POST → session ready, polling fallback (median)',
      value: median(requests),
      unit: 'requests',
      note:
        `every request the emulator received in the wait, the POST included: ${roundedList(requests)}; about this job ` +
        `${roundedList(rounds.map((r) => r.jobRequests))} (job reads ${roundedList(rounds.map((r) => r.jobReads))}, log reads ${roundedList(rounds.map((r) => r.logReads))}); ` +
        `the rest are earlier rounds' runs still polling their jobs; emulator step ${STEP_MS} ms`,
    },
  ]
}

// --- Join -> alert -------------------------------------------------------------------------------

/** Arms, in the page, a watch for the "… joined" banner; `alertMarks` collects it. */
async function armAlertWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const shown = () => [...document.querySelectorAll('[role="alert"]')].some((element) => element.textContent?.includes('joined'))
    if (shown()) throw new Error('a "joined" banner is up before the intruder came')
    const alert = new Promise<AlertMarks>((resolve, reject) => {
      const timeout = setTimeout(() => {
        observer.disconnect()
        reject(new Error('no "joined" banner after 15 s'))
      }, 15_000)
      const observer = new MutationObserver(() => {
        if (!shown()) return
        const inserted = Date.now()
        observer.disconnect()
        clearTimeout(timeout)
        // A task queued from a frame callback runs after that frame's rendering: the paint is done.
        requestAnimationFrame(() => {
          const channel = new MessageChannel()
          channel.port1.onmessage = () => resolve({ inserted, painted: Date.now() })
          channel.port2.postMessage(null)
        })
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    ;(window as BenchWindow).debugFlowBench = { alert }
  })
}

function alertMarks(page: Page): Promise<AlertMarks> {
  return page.evaluate(() => {
    const alert = (window as BenchWindow).debugFlowBench?.alert
    if (!alert) throw new Error('the alert watch was not armed')
    return alert
  })
}

/** The start of the guard's marker for a count; its tag follows. */
function marker(mates: number): string {
  return `⟦mates:${mates}@`
}

interface JoinRound {
  delayMs: number
  /** The intruder's ssh received the session's first bytes. */
  shellAt: number
  /** The bare viewer received the bytes drawing the new count… */
  markerAt: number
  /** …and its headless terminal shows it on the status row. */
  markerShownAt: number
  alert: AlertMarks
}

/**
 * One intruder: OpenSSH joins the session with the read-write token, the banner comes up, the
 * intruder leaves, the count drops back and "That's me" clears the banner.
 */
async function joinRound(stage: Stage, vm: TmateSimSession, observer: Ssh2Viewer, delayMs: number): Promise<JoinRound> {
  const { page, sim } = stage
  const banner = page.getByRole('alert').filter({ hasText: 'joined' })
  await delay(delayMs)
  await armAlertWatch(page)
  const markerSent = bytesArrive(observer.screen, (text) => text.includes(marker(3)), `${marker(3)} in the bytes`)
  const markerShown = whenScreen(observer.screen, (screen) => screen.lastRow().includes(marker(3)), `${marker(3)} on the status row`)
  const intruder = new OpenSshViewer(sim.port, vm.token)
  let measured: JoinRound
  try {
    const [shellAt, markerAt, markerShownAt, alert] = await Promise.all([shellOpened(intruder), markerSent, markerShown, alertMarks(page)])
    measured = { delayMs, shellAt, markerAt, markerShownAt, alert }
  } finally {
    intruder.close()
    await intruder.exited
  }
  await whenScreen(observer.screen, (screen) => screen.lastRow().includes(marker(2)), `${marker(2)} on the status row`)
  await expect(page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection is on · 2 connected', { timeout: 15_000 })
  await banner.getByRole('button', { name: "That's me" }).click()
  await expect(banner).toBeHidden()
  return measured
}

/**
 * From an intruder's shell opening to Shipmate's "… joined" banner painted, against the same join
 * as a bare ssh2 viewer sees it: the guard's count on its status row. That viewer is in the same
 * session (read-only, so it never sets the window size) and is a client itself, so the guard
 * counts 2 before the intruder and 3 with him; Shipmate's own alert for it is acknowledged first.
 */
export const joinAlertBench: Benchmark = {
  name: 'debug flow: join → alert',
  async run() {
    const stage = await Stage.open()
    let observer: Ssh2Viewer | undefined
    try {
      const { page } = stage
      const { jobId } = filler(1)
      const dialog = await stage.openDebugDialog(1)
      await dialog.getByRole('button', { name: 'Debug job' }).click()
      await page.getByRole('button', { name: 'Trust this host' }).click({ timeout: 60_000 })
      const guard = page.getByRole('status', { name: 'Join detection' })
      await expect(guard).toContainText('Join detection is on · 1 connected', { timeout: 60_000 })
      const vm = stage.vm(jobId)

      observer = await Ssh2Viewer.connect({ port: stage.sim.port, token: vm.roToken })
      await whenScreen(observer.screen, (screen) => screen.lastRow().includes(marker(2)), `${marker(2)} on the observer's status row`)
      const banner = page.getByRole('alert').filter({ hasText: 'joined' })
      await expect(banner).toContainText('2 connected', { timeout: 15_000 })
      await banner.getByRole('button', { name: "That's me" }).click()
      await expect(banner).toBeHidden()

      const { offsetMs, rttMs } = await clockOffset(page)
      const load = loadavg()[0] ?? Number.NaN
      await joinRound(stage, vm, observer, 0)
      const rounds: JoinRound[] = []
      for (const delayMs of phaseOffsets(JOIN_ROUNDS, GUARD_POLL_MS)) rounds.push(await joinRound(stage, vm, observer, delayMs))
      return joinFigures(rounds, { load, loadAfter: loadavg()[0] ?? Number.NaN, offsetMs, rttMs })
    } finally {
      observer?.close()
      await stage.close()
    }
  },
}

function joinFigures(rounds: JoinRound[], machine: MachineNote): Figure[] {
  const alert = rounds.map((r) => r.alert.painted - r.shellAt)
  const bare = rounds.map((r) => r.markerAt - r.shellAt)
  const overhead = rounds.map((r) => r.alert.painted - r.markerAt)
  return [
    {
      figure: 'intruder shell → alert banner painted (median)',
      value: round(median(alert), 0),
      unit: 'ms',
      baseline: round(median(bare), 0),
      ratio: round(median(alert) / median(bare)),
      goal: 'median < 700 ms',
      note:
        `t0: the intruder's ssh receives the session's first bytes; end: the "joined" banner painted in the page (in the DOM ` +
        `${round(median(rounds.map((r) => r.alert.painted - r.alert.inserted)), 0)} ms before, median); ${rounds.length} rounds (+1 warm-up), ` +
        `each started ${roundedList(rounds.map((r) => r.delayMs))} ms after the last one settled, to sample every phase of the guard's ${GUARD_POLL_MS} ms poll; ` +
        `rounds ${roundedList(alert)} ms; baseline: the bytes drawing the guard's count ${marker(3)} reach a bare ssh2 viewer, same join ` +
        `(${roundedList(bare)} ms; on its parsed status row ${round(median(rounds.map((r) => r.markerShownAt - r.shellAt)), 0)} ms, median); ` +
        `Shipmate after that marker: median ${round(median(overhead), 0)} ms, p95 ${round(percentile(overhead, 95), 0)} ms; ` +
        machineNote(machine),
    },
    {
      figure: 'intruder shell → alert banner painted (p95)',
      value: round(percentile(alert, 95), 0),
      unit: 'ms',
      baseline: round(percentile(bare, 95), 0),
      ratio: round(percentile(alert, 95) / percentile(bare, 95)),
      note: `${rounds.length} rounds`,
    },
  ]
}
