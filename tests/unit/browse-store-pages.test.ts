import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventName, Events, RepoSummary, RequestArgs, RequestMethod, ShipmateBridge } from '@shared/api'
import { loadRepos, PAGE_BATCH_MS, startBrowseStore, useBrowseStore } from '../../renderer/src/store/browse-store'

const repo = (id: number): RepoSummary => ({
  id,
  slug: `erin/bulk-${id}`,
  owner: 'erin',
  name: `bulk-${id}`,
  description: null,
  private: true,
  active: true,
  debugHint: 'available',
})

/** A bridge whose `browse.repos` request stays open until the test ends it, like a long list. */
function fakeBridge() {
  let listener: ((payload: Events['browse.reposPage']) => void) | undefined
  const requests: string[] = []
  let finish: () => void = () => {}
  const api: ShipmateBridge = {
    host: 'web',
    request<M extends RequestMethod>(method: M, args: RequestArgs<M>) {
      if (method !== 'browse.repos') throw new Error(`unexpected ${method}`)
      requests.push((args as RequestArgs<'browse.repos'>).requestId)
      return new Promise((resolve) => {
        finish = () => resolve({ total: 0 } as never)
      })
    },
    on<E extends EventName>(event: E, handler: (payload: Events[E]) => void) {
      if (event === 'browse.reposPage') listener = handler as (payload: Events['browse.reposPage']) => void
      return () => {}
    },
  }
  /** Sends page `index` (0-based) of `pages` pages of 100 repositories for the latest request. */
  const page = (index: number, pages: number, requestId = requests.at(-1) ?? '') =>
    listener?.({
      accountId: 'a',
      requestId,
      repos: Array.from({ length: 100 }, (_, offset) => repo(index * 100 + offset)),
      loaded: (index + 1) * 100,
      total: pages * 100,
      done: index === pages - 1,
    })
  return { api, page, requests, finish: () => finish() }
}

const shown = () => useBrowseStore.getState().repos.length

describe('repository pages reaching the list', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows the first page at once and the pages after it together, once per window', () => {
    const bridge = fakeBridge()
    startBrowseStore(bridge.api, () => Date.now())
    void loadRepos(bridge.api, 'a')
    let updates = 0
    const unsubscribe = useBrowseStore.subscribe((state, before) => {
      if (state.repos !== before.repos) updates += 1
    })

    bridge.page(0, 10)
    expect(shown()).toBe(100)
    for (let index = 1; index < 6; index++) {
      vi.advanceTimersByTime(10)
      bridge.page(index, 10)
    }
    // Five more pages within one window: none drawn yet, so the renderer did one render, not six.
    expect(shown()).toBe(100)
    vi.advanceTimersByTime(PAGE_BATCH_MS - 50)
    expect(shown()).toBe(600)
    expect(updates).toBe(2)
    unsubscribe()
  })

  it('shows the last page the moment it arrives, without waiting for the window to end', () => {
    const bridge = fakeBridge()
    startBrowseStore(bridge.api, () => Date.now())
    void loadRepos(bridge.api, 'a')

    bridge.page(0, 3)
    vi.advanceTimersByTime(5)
    bridge.page(1, 3)
    vi.advanceTimersByTime(5)
    bridge.page(2, 3)
    expect(shown()).toBe(300)
    expect(useBrowseStore.getState().reposDone).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('drops the pages of a list the user left, and shows the new list’s first page at once', () => {
    const bridge = fakeBridge()
    startBrowseStore(bridge.api, () => Date.now())
    void loadRepos(bridge.api, 'a')
    const first = bridge.requests.at(-1)
    bridge.page(0, 5)
    vi.advanceTimersByTime(10)
    bridge.page(1, 5)

    void loadRepos(bridge.api, 'b')
    vi.advanceTimersByTime(PAGE_BATCH_MS)
    bridge.page(2, 5, first)
    expect(shown()).toBe(0)
    bridge.page(0, 2)
    expect(shown()).toBe(100)
    expect(useBrowseStore.getState().repos[0]?.id).toBe(0)
  })
})
