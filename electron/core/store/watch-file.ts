import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

/**
 * Calls `onChange` when `path` may have been changed by another process, at most once per
 * `delayMs` however many events a burst of writes brings. It watches the directory, not the
 * file: an atomic write puts a new file in place, which a watch on the old one would not see.
 * Returns a function that stops watching. Where the system offers no watch (inotify's limit
 * reached), nothing is called and changes show on the next read.
 */
export function watchFile(path: string, onChange: () => void, delayMs = 50): () => void {
  const name = basename(path)
  let timer: NodeJS.Timeout | undefined
  let watcher: FSWatcher
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      if ((changed !== null && changed !== name) || timer !== undefined) return
      timer = setTimeout(() => {
        timer = undefined
        onChange()
      }, delayMs)
      timer.unref()
    })
  } catch {
    return () => {}
  }
  watcher.on('error', () => watcher.close())
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
