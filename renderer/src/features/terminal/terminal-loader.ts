import type { terminals as Registry } from './terminal-registry'

type Terminals = typeof Registry

let loading: Promise<Terminals> | undefined
let loaded: Terminals | undefined

/**
 * xterm.js and its addons are most of the renderer's code, and a window that only browses never
 * needs them: they load with the first session. Later callers get the same registry.
 */
export function loadTerminals(): Promise<Terminals> {
  loading ??= import('./terminal-registry').then((module) => (loaded = module.terminals))
  return loading
}

/** The registry if a session has loaded it already. */
export function loadedTerminals(): Terminals | undefined {
  return loaded
}

/** Runs `work` on the registry once it is here; when nothing has asked for it, there is nothing to do. */
export function whenTerminalsLoaded(work: (terminals: Terminals) => void): void {
  if (loaded) work(loaded)
  else void loading?.then(work)
}
