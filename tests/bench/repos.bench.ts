import { loadavg } from 'node:os'
import { chromium, expect, type Page } from '@playwright/test'
import { App } from '../support/app'
import { chromiumLaunchOptions } from '../support/chromium'
import { SEED, startTravisEmulator } from '../support/travis-emulator'
import { type Benchmark, type Figure, median, percentile, round, roundedList } from './harness'

const REPO_COUNT = 5_000
const LIST_ROUNDS = 5
const FILTER_ROUNDS = 3
const DONE_TEXT = `${REPO_COUNT} repositories`
/** What Shipmate asks for first; later pages come from `@pagination.next`. */
const FIRST_PAGE = '/repos?limit=100&sort_by=owner_name,name'
/** Each word is typed one key at a time, then erased one backspace at a time: 50 keystrokes. */
const FILTER_WORDS = ['bulk-004', '12', 'erin/bulk-49', '3', '99']

interface PlainRepo {
  slug: string
  description: string | null
}

interface ListTiming {
  /** The first page is on screen ("Loading repositories… 100 of 5000"). */
  firstPage: number
  /** The count line reads "5000 repositories" and the frame showing it has been painted. */
  complete: number
}

interface KeystrokeTiming {
  /** Shipmate: input event dispatched until the list shows the new filter (React's work). */
  appUpdate: number
  /** Shipmate: input event dispatched until the frame showing it has been painted. */
  appPaint: number
  /** Plain array: String.includes over the same 5,000 repositories. */
  plainFilter: number
  /** Plain array: filter, write the count into the page, until that frame has been painted. */
  plainPaint: number
}

interface ReposBenchHarness {
  keystrokes(values: string[], seed: number): Promise<KeystrokeTiming[]>
}

/** Where the harness lives in the page; kept off the global `Window` type the renderer sees. */
type BenchWindow = Window & { reposBench: ReposBenchHarness }

/**
 * 5,000 repositories over 50 pages from the emulator: how long until the list is complete against
 * fetching the same 50 pages alone, and how long a filter keystroke takes to reach the screen.
 */
export const reposBench: Benchmark = {
  name: 'repository list (5,000 repositories)',
  async run() {
    const emu = await startTravisEmulator({ port: 0, rateLimit: { enabled: false }, seed: { bulkOwner: 'erin', bulkRepoCount: REPO_COUNT } })
    const browser = await chromium.launch(chromiumLaunchOptions())
    let app: App | undefined
    try {
      app = await App.start(browser)
      const { page } = app
      await allowBundledHelpers(page)
      // A second account to switch away to, so switching back to erin loads her list afresh.
      await app.addAccount(emu.url, SEED.users.alice.token)
      await app.addAccount(emu.url, SEED.users.erin.token)
      await expect(countLine(page)).toHaveText(DONE_TEXT, { timeout: 60_000 })
      // Warms the emulator and this process's fetch; also yields the repositories the filter baseline uses.
      const { repos } = await fetchPagesAlone(emu.url, SEED.users.erin.token)
      if (repos.length !== REPO_COUNT) throw new Error(`expected ${REPO_COUNT} repositories from the emulator, got ${repos.length}`)

      // The machine may be shared; its load says how far to trust a wall-clock ratio.
      const load = loadavg()[0] ?? Number.NaN
      const appLists: ListTiming[] = []
      const pagesAlone: number[] = []
      for (let round = 0; round < LIST_ROUNDS; round++) {
        await page.getByRole('button', { name: /^Switch to @alice/ }).click()
        // Alice's list finished loading, so nothing of hers is in flight when the clock starts.
        await expect(countLine(page)).not.toHaveText(DONE_TEXT)
        await expect(countLine(page)).toHaveText(/^\d+ repositories$/)
        // Interleaved, and alternating which goes first, so both see the same machine.
        if (round % 2 === 0) {
          appLists.push(await timeListComplete(page))
          pagesAlone.push((await fetchPagesAlone(emu.url, SEED.users.erin.token)).ms)
        } else {
          pagesAlone.push((await fetchPagesAlone(emu.url, SEED.users.erin.token)).ms)
          appLists.push(await timeListComplete(page))
        }
      }

      await installFilterHarness(page, repos)
      const keys = keystrokes(FILTER_WORDS)
      const strokes: KeystrokeTiming[] = []
      for (let round = 0; round < FILTER_ROUNDS; round++) {
        strokes.push(...(await page.evaluate(([values, seed]) => (window as unknown as BenchWindow).reposBench.keystrokes(values, seed), [keys, round + 1] as const)))
      }
      return [...listFigures(appLists, pagesAlone, load), ...filterFigures(strokes, keys.length)]
    } finally {
      await app?.stop()
      await browser.close()
      await emu.close()
    }
  },
}

function countLine(page: Page) {
  return page.getByRole('status', { name: 'Repository count' })
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(...)`;
 * functions handed to `page.evaluate` carry those calls into the page, so the page needs the helper.
 */
async function allowBundledHelpers(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name = (fn) => fn')
}

/**
 * The baseline: the same 50 pages, fetched in a plain loop following `@pagination.next`. The emulator
 * answers from this process for both sides, so its cost is in the baseline as in Shipmate's figure.
 */
async function fetchPagesAlone(apiUrl: string, token: string): Promise<{ ms: number; repos: PlainRepo[] }> {
  const headers = { 'Travis-API-Version': '3', Authorization: `token ${token}`, Accept: 'application/json' }
  const repos: PlainRepo[] = []
  // The global `performance`, not node:perf_hooks': an import would shadow the page's own inside the
  // functions this file hands to page.evaluate.
  const start = performance.now()
  let next: string | undefined = FIRST_PAGE
  while (next) {
    const response = await fetch(new URL(next, apiUrl), { headers })
    if (!response.ok) throw new Error(`GET ${next}: HTTP ${response.status}`)
    const body = (await response.json()) as {
      repositories: PlainRepo[]
      '@pagination': { is_last: boolean; next: { '@href': string } | null }
    }
    repos.push(...body.repositories)
    next = body['@pagination'].is_last ? undefined : body['@pagination'].next?.['@href']
  }
  const ms = performance.now() - start
  return { ms, repos: repos.map(({ slug, description }) => ({ slug, description })) }
}

/**
 * Timed inside the page, so neither Playwright's polling nor its round trips are in the figure: the
 * clock starts as the click on "Switch to @erin" is dispatched (the repository view then requests
 * her list) and stops once the count line reads "5000 repositories" and the frame showing it has
 * been painted; the user sees a complete list then, not when the last response arrives.
 */
function timeListComplete(page: Page): Promise<ListTiming> {
  return page.evaluate(
    async ({ doneText }) => {
      const status = () => document.querySelector('[role="status"][aria-label="Repository count"]')?.textContent ?? ''
      const button = document.querySelector<HTMLButtonElement>('button[aria-label^="Switch to @erin"]')
      if (!button) throw new Error('no "Switch to @erin" button')
      let firstPage = Number.NaN
      const start = performance.now()
      button.click()
      await new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`the count line still reads "${status()}" after 60 s`)), 60_000)
        const check = () => {
          const text = status()
          if (Number.isNaN(firstPage) && /^Loading repositories… [1-9]/.test(text)) firstPage = performance.now() - start
          if (text !== doneText) return
          observer.disconnect()
          clearTimeout(timeout)
          resolve()
        }
        const observer = new MutationObserver(check)
        observer.observe(document.body, { subtree: true, childList: true, characterData: true })
        check()
      })
      // A task queued from requestAnimationFrame runs after that frame's rendering: the paint is done.
      await new Promise<void>((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel()
          channel.port1.onmessage = () => resolve()
          channel.port2.postMessage(null)
        }),
      )
      return { firstPage, complete: performance.now() - start }
    },
    { doneText: DONE_TEXT },
  )
}

/** `['ab']` → `['a', 'ab', 'a', '']`: each value is what the filter box holds after one key. */
function keystrokes(words: string[]): string[] {
  const values: string[] = []
  for (const word of words) {
    for (let length = 1; length <= word.length; length++) values.push(word.slice(0, length))
    for (let length = word.length - 1; length >= 0; length--) values.push(word.slice(0, length))
  }
  return values
}

/**
 * Installs the in-page side of the filter figure. Both sides are timed in the page, from the input
 * event to the next painted frame, with the keystrokes a random 20–70 ms apart as when typing, so
 * the keystroke lands anywhere in the 16.7 ms frame and the wait for the frame averages out alike.
 */
async function installFilterHarness(page: Page, repos: PlainRepo[]): Promise<void> {
  await page.evaluate((plain) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter repositories"]')
    if (!input) throw new Error('no "Filter repositories" box')
    // React tracks the value through the element's own `value` property, so `input.value = …` would
    // look unchanged to it and fire no onChange; the prototype's setter is what typing goes through.
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
    if (!setValue) throw new Error('no value setter on HTMLInputElement')
    const status = () => document.querySelector('[role="status"][aria-label="Repository count"]')?.textContent ?? ''
    const output = document.createElement('output')
    output.setAttribute('style', 'position:fixed;right:0;bottom:0;background:white')
    document.body.append(output)

    // The same rule as Shipmate's filter, on a plain array.
    const filter = (needle: string) =>
      needle ? plain.filter((repo) => repo.slug.toLowerCase().includes(needle) || (repo.description?.toLowerCase().includes(needle) ?? false)) : plain
    const countText = (shown: number) => `${shown === plain.length ? plain.length : `${shown} of ${plain.length}`} repositories`
    const nextPaint = () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel()
          channel.port1.onmessage = () => resolve()
          channel.port2.postMessage(null)
        }),
      )
    const shows = (text: string) =>
      new Promise<void>((resolve, reject) => {
        if (status() === text) return resolve()
        const timeout = setTimeout(() => reject(new Error(`the count line reads "${status()}", expected "${text}"`)), 10_000)
        const observer = new MutationObserver(() => {
          if (status() !== text) return
          observer.disconnect()
          clearTimeout(timeout)
          resolve()
        })
        observer.observe(document.body, { subtree: true, childList: true, characterData: true })
      })

    const harness: ReposBenchHarness = {
      async keystrokes(values, seed) {
        let state = seed
        const gap = () => {
          state = (state * 1_103_515_245 + 12_345) % 2 ** 31
          return new Promise((resolve) => setTimeout(resolve, 20 + (state / 2 ** 31) * 50))
        }
        const timings: KeystrokeTiming[] = []
        for (const value of values) {
          // The count line is how the page says which filter it shows; expected before the clock starts.
          const expected = countText(filter(value.trim().toLowerCase()).length)
          await gap()
          let start = performance.now()
          setValue.call(input, value)
          input.dispatchEvent(new Event('input', { bubbles: true }))
          await shows(expected)
          const appUpdate = performance.now() - start
          await nextPaint()
          const appPaint = performance.now() - start

          await gap()
          start = performance.now()
          output.textContent = countText(filter(value.trim().toLowerCase()).length)
          const plainFilter = performance.now() - start
          await nextPaint()
          timings.push({ appUpdate, appPaint, plainFilter, plainPaint: performance.now() - start })
        }
        return timings
      },
    }
    Object.assign(window, { reposBench: harness })
  }, repos)
}

function listFigures(app: ListTiming[], alone: number[], load: number): Figure[] {
  const complete = median(app.map((timing) => timing.complete))
  const baseline = median(alone)
  return [
    {
      figure: 'list complete (median)',
      value: round(complete, 1),
      unit: 'ms',
      baseline: round(baseline, 1),
      ratio: round(complete / baseline),
      goal: '≤ 1.2×',
      note:
        `switch to erin → "${DONE_TEXT}" painted, in page; baseline: the 50 pages fetched alone in this process; ` +
        `${LIST_ROUNDS} rounds, app ${roundedList(app.map((timing) => timing.complete))} ms, ` +
        `alone ${roundedList(alone)} ms; first page on screen after ${round(median(app.map((timing) => timing.firstPage)), 1)} ms; load average ${round(load)} at the start`,
    },
  ]
}

function filterFigures(strokes: KeystrokeTiming[], perRound: number): Figure[] {
  const pick = (key: keyof KeystrokeTiming) => strokes.map((stroke) => stroke[key])
  const appMedian = median(pick('appPaint'))
  const plainMedian = median(pick('plainPaint'))
  const appP95 = percentile(pick('appPaint'), 95)
  const plainP95 = percentile(pick('plainPaint'), 95)
  const sample = `${strokes.length} keystrokes (${FILTER_ROUNDS} × ${perRound})`
  return [
    {
      figure: 'filter keystroke → list painted (median)',
      value: round(appMedian, 1),
      unit: 'ms',
      baseline: round(plainMedian, 1),
      ratio: round(appMedian / plainMedian),
      goal: 'median < 16 ms',
      note:
        `input event → count line and list show the filter → next frame painted, in page, ${sample}; ` +
        `of which Shipmate's update: median ${round(median(pick('appUpdate')), 2)} ms, p95 ${round(percentile(pick('appUpdate'), 95), 2)} ms; ` +
        `baseline: String.includes over 5,000 plain slugs (median ${round(median(pick('plainFilter')), 2)} ms) + same paint wait`,
    },
    {
      figure: 'filter keystroke → list painted (p95)',
      value: round(appP95, 1),
      unit: 'ms',
      baseline: round(plainP95, 1),
      ratio: round(appP95 / plainP95),
      note: sample,
    },
  ]
}
