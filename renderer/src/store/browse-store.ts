import { create } from 'zustand'
import type { BuildsPage, Events, JobPicker, RepoSummary, ShipmateBridge } from '@shared/api'

export type View =
  | { name: 'home' }
  | { name: 'add-account'; replaceFor?: string }
  | { name: 'repos' }
  | { name: 'builds'; repo: RepoSummary }
  | { name: 'jobs'; buildId: number; highlightJobId?: number }
  | { name: 'log'; jobId: number; jobNumber: string }
  | { name: 'debug'; runId: string }

interface BrowseState {
  view: View
  /** The account the repository list below belongs to. */
  reposAccountId: string | undefined
  repos: RepoSummary[]
  reposLoaded: number
  reposTotal: number
  reposDone: boolean
  reposError: string | undefined
  filter: string
  builds: BuildsPage | undefined
  buildsError: string | undefined
  picker: JobPicker | undefined
  pickerError: string | undefined
  log: { content: string | null } | undefined
  logError: string | undefined
}

export const useBrowseStore = create<BrowseState>(() => ({
  view: { name: 'home' },
  reposAccountId: undefined,
  repos: [],
  reposLoaded: 0,
  reposTotal: 0,
  reposDone: false,
  reposError: undefined,
  filter: '',
  builds: undefined,
  buildsError: undefined,
  picker: undefined,
  pickerError: undefined,
  log: undefined,
  logError: undefined,
}))

let reposRequest = 0

export function navigate(view: View): void {
  useBrowseStore.setState({ view })
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))
const cancelled = (error: unknown) => (error as { code?: string }).code === 'travis_cancelled'

/**
 * Pages arrive faster than frames are worth drawing, and every list update costs the renderer a
 * render, a layout and a paint while the core is still fetching. The first page is applied at once
 * (something on screen soon), later ones at most once per this window, the last one at once (the
 * list is complete the moment its last page is here, not up to a window later).
 */
export const PAGE_BATCH_MS = 100

type ReposPage = Events['browse.reposPage']

export function startBrowseStore(api: ShipmateBridge, now: () => number = () => performance.now()): void {
  let pending: Omit<ReposPage, 'accountId'> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Which request the window below belongs to; a new request starts with an open window. */
  let windowRequest: string | undefined
  let lastApplied = Number.NEGATIVE_INFINITY
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    const batch = pending
    pending = undefined
    if (!batch || batch.requestId !== `r${reposRequest}`) return
    lastApplied = now()
    useBrowseStore.setState((state) => ({
      repos: state.repos.concat(batch.repos),
      reposLoaded: batch.loaded,
      reposTotal: batch.total,
      reposDone: batch.done,
    }))
  }
  api.on('browse.reposPage', (page) => {
    if (page.requestId !== `r${reposRequest}`) return
    if (windowRequest !== page.requestId) {
      clearTimeout(timer)
      timer = undefined
      windowRequest = page.requestId
      lastApplied = Number.NEGATIVE_INFINITY
      pending = undefined
    }
    pending = {
      requestId: page.requestId,
      repos: pending ? pending.repos.concat(page.repos) : page.repos,
      loaded: page.loaded,
      total: page.total,
      done: page.done,
    }
    const waited = now() - lastApplied
    if (page.done || waited >= PAGE_BATCH_MS) flush()
    else timer ??= setTimeout(flush, PAGE_BATCH_MS - waited)
  })
}

export async function loadRepos(api: ShipmateBridge, accountId: string): Promise<void> {
  reposRequest += 1
  const requestId = `r${reposRequest}`
  useBrowseStore.setState({ reposAccountId: accountId, repos: [], reposLoaded: 0, reposTotal: 0, reposDone: false, reposError: undefined })
  try {
    await api.request('browse.repos', { accountId, requestId })
    if (requestId === `r${reposRequest}`) useBrowseStore.setState({ reposDone: true })
  } catch (error) {
    if (requestId === `r${reposRequest}` && !cancelled(error)) useBrowseStore.setState({ reposError: message(error) })
  }
}

export async function loadBuilds(api: ShipmateBridge, accountId: string, repo: RepoSummary, offset: number): Promise<void> {
  useBrowseStore.setState({ view: { name: 'builds', repo }, builds: undefined, buildsError: undefined })
  try {
    const builds = await api.request('browse.builds', { accountId, repoId: repo.id, offset })
    useBrowseStore.setState({ builds })
  } catch (error) {
    if (!cancelled(error)) useBrowseStore.setState({ buildsError: message(error) })
  }
}

export async function loadJobs(api: ShipmateBridge, accountId: string, buildId: number, highlightJobId?: number): Promise<void> {
  useBrowseStore.setState({ view: { name: 'jobs', buildId, highlightJobId }, picker: undefined, pickerError: undefined })
  try {
    const picker = await api.request('browse.jobs', { accountId, buildId })
    useBrowseStore.setState({ picker })
  } catch (error) {
    if (!cancelled(error)) useBrowseStore.setState({ pickerError: message(error) })
  }
}

export async function loadLog(api: ShipmateBridge, accountId: string, jobId: number, jobNumber: string): Promise<void> {
  useBrowseStore.setState({ view: { name: 'log', jobId, jobNumber }, log: undefined, logError: undefined })
  try {
    useBrowseStore.setState({ log: await api.request('browse.log', { accountId, jobId }) })
  } catch (error) {
    if (!cancelled(error)) useBrowseStore.setState({ logError: message(error) })
  }
}

/** Case-insensitive match on the slug and description; fast enough per keystroke for thousands. */
export function filterRepos(repos: RepoSummary[], filter: string): RepoSummary[] {
  const needle = filter.trim().toLowerCase()
  if (!needle) return repos
  return repos.filter((repo) => repo.slug.toLowerCase().includes(needle) || (repo.description?.toLowerCase().includes(needle) ?? false))
}
