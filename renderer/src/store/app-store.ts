import { create } from 'zustand'
import type { AppInfo, KeychainStatus, Notice, ShipmateBridge } from '@shared/api'

interface AppState {
  info: AppInfo | undefined
  notices: Notice[]
  /** Why the app could not reach its core, in words for the user. */
  fatal: string | undefined
  checkingKeychain: boolean
}

export const useAppStore = create<AppState>(() => ({
  info: undefined,
  notices: [],
  fatal: undefined,
  checkingKeychain: false,
}))

const setKeychain = (keychain: KeychainStatus) =>
  useAppStore.setState((state) => (state.info ? { info: { ...state.info, keychain } } : {}))

/** Loads what the shell shows and subscribes to the core's events, outside React. */
export async function startAppStore(api: ShipmateBridge): Promise<void> {
  api.on('app.keychainChanged', setKeychain)
  api.on('app.notice', (notice) =>
    useAppStore.setState((state) =>
      state.notices.some((known) => known.id === notice.id) ? {} : { notices: [...state.notices, notice] },
    ),
  )
  try {
    const [info, notices] = await Promise.all([api.request('app.info', {}), api.request('app.notices', {})])
    useAppStore.setState({ info, notices, fatal: undefined })
  } catch (error) {
    useAppStore.setState({ fatal: error instanceof Error ? error.message : String(error) })
  }
}

export async function recheckKeychain(api: ShipmateBridge): Promise<void> {
  useAppStore.setState({ checkingKeychain: true })
  try {
    setKeychain(await api.request('app.recheckKeychain', {}))
  } finally {
    useAppStore.setState({ checkingKeychain: false })
  }
}

export async function dismissNotice(api: ShipmateBridge, id: string): Promise<void> {
  useAppStore.setState((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }))
  await api.request('app.dismissNotice', { id })
}
