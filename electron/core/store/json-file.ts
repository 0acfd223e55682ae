import { constants } from 'node:fs'
import { copyFile, link, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { UserError } from '../errors'
import { DEFAULT_LOCK_WAIT_MS, withFileLock } from './file-lock'
import { tempPathFor } from './temp-files'
import { watchFile } from './watch-file'

export interface JsonFileOptions<T> {
  /** Turns parsed JSON into T, throwing when the shape is wrong (a damaged file). */
  parse: (raw: unknown) => T
  /** The value of a file that does not exist yet. */
  empty: () => T
  /** The value to start again from when the file is damaged and no good copy is left; `empty` unless given. */
  afresh?: () => T
  /** Told when a damaged file was restored (`restored`) or could not be (`lost`), so the user sees it. */
  onNotice?: (message: string, outcome: 'restored' | 'lost') => void
  now?: () => Date
  /** How long a change waits for another Shipmate process that holds the file's lock. */
  lockWaitMs?: number
}

type Read<T> = { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'damaged'; reason: string }

/** Errors of file systems that have no hard links (FAT, some network shares): the backup is copied instead. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS'])

/**
 * A JSON file that several Shipmate processes (the app, the CLI) change at the same time. A change
 * is read-modify-write under the file's lock (`<name>.lock`): it is applied to the file as it is
 * on disk now, never to a copy read earlier. A write is atomic (temp file, fsync, rename), and
 * the previous good copy is kept as `<name>.bak`, itself replaced in one step. A damaged file is
 * never silently reset: it is set aside, the backup is used, and the user is told.
 */
export class JsonFile<T> {
  readonly path: string
  readonly backupPath: string
  readonly lockPath: string
  private readonly options: JsonFileOptions<T>

  constructor(path: string, options: JsonFileOptions<T>) {
    this.path = path
    this.backupPath = `${path}.bak`
    this.lockPath = `${path}.lock`
    this.options = options
  }

  /** The file as it is now. Reading needs no lock (a write replaces the file whole); repairing one takes it. */
  async read(): Promise<T> {
    const primary = await this.tryRead(this.path)
    if (primary.kind === 'ok') return primary.value
    if (primary.kind === 'missing' && (await this.tryRead(this.backupPath)).kind !== 'ok') return this.options.empty()
    return this.locked(async () => (await this.readRepairing()).value)
  }

  /**
   * Applies `change` to the file as it is on disk, under the lock, and writes the result; returns
   * what the file now holds. `change` returns undefined to leave the file as it is, and may throw
   * to refuse (the file is then untouched).
   */
  update(change: (current: T) => T | undefined): Promise<T> {
    return this.locked(async () => {
      const current = await this.readRepairing()
      const next = change(current.value)
      if (next === undefined) return current.value
      await this.replace(next, current.onDisk)
      return next
    })
  }

  async write(value: T): Promise<void> {
    await this.update(() => value)
  }

  /** Calls `onChange` when another process may have changed the file; returns a function that stops it. */
  watch(onChange: () => void): () => void {
    return watchFile(this.path, onChange)
  }

  private async locked<R>(run: () => Promise<R>): Promise<R> {
    await mkdir(dirname(this.path), { recursive: true })
    return withFileLock(this.lockPath, run, this.options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS)
  }

  /** Under the lock: the current value, after restoring a missing or damaged file where possible. */
  private async readRepairing(): Promise<{ value: T; onDisk: boolean }> {
    const primary = await this.tryRead(this.path)
    if (primary.kind === 'ok') return { value: primary.value, onDisk: true }
    if (primary.kind === 'missing') {
      const backup = await this.tryRead(this.backupPath)
      if (backup.kind !== 'ok') return { value: this.options.empty(), onDisk: false }
      await this.replace(backup.value, false)
      this.notice(`${basename(this.path)} was missing; Shipmate restored its previous copy.`, 'restored')
      return { value: backup.value, onDisk: true }
    }
    const setAside = await this.setAside()
    const backup = await this.tryRead(this.backupPath)
    if (backup.kind === 'ok') {
      await this.replace(backup.value, false)
      this.notice(
        `${basename(this.path)} was damaged (${primary.reason}); Shipmate restored the previous copy. ` +
          `The damaged file was kept as ${basename(setAside)}.`,
        'restored',
      )
      return { value: backup.value, onDisk: true }
    }
    // Written at once, so what the fresh start means (for known hosts: that trust was lost) outlives this read.
    const fresh = (this.options.afresh ?? this.options.empty)()
    await this.replace(fresh, false)
    this.notice(
      `${basename(this.path)} was damaged (${primary.reason}) and no good previous copy exists; ` +
        `Shipmate started it afresh. The damaged file was kept as ${basename(setAside)} in ${dirname(this.path)}.`,
      'lost',
    )
    return { value: fresh, onDisk: true }
  }

  /** Under the lock: puts `value` in place atomically, keeping the file there now as the backup when asked. */
  private async replace(value: T, keepBackup: boolean): Promise<void> {
    const temp = tempPathFor(this.path)
    try {
      const handle = await open(temp, constants.O_CREAT | constants.O_WRONLY | constants.O_EXCL, 0o600)
      try {
        await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`)
        await handle.sync()
      } finally {
        await handle.close()
      }
      if (keepBackup) await this.keepBackup()
      await rename(temp, this.path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
    await syncDirectory(dirname(this.path))
  }

  /**
   * Makes the current file the backup in one step: a second name for it (a hard link, or a synced
   * copy where links are not supported) renamed over the old backup. A kill at any point leaves
   * either the old backup or the new one, never a half-written file.
   */
  private async keepBackup(): Promise<void> {
    const temp = tempPathFor(this.path)
    try {
      try {
        await link(this.path, temp)
      } catch (error) {
        if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error
        await copyFile(this.path, temp)
        const handle = await open(temp, constants.O_RDWR)
        try {
          await handle.sync()
        } finally {
          await handle.close()
        }
      }
      await rename(temp, this.backupPath)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
  }

  private async tryRead(path: string): Promise<Read<T>> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      throw new UserError(`Cannot read ${path}: ${(error as Error).message}`, 'data_unreadable')
    }
    try {
      return { kind: 'ok', value: this.options.parse(JSON.parse(text)) }
    } catch (error) {
      return { kind: 'damaged', reason: error instanceof SyntaxError ? 'not valid JSON' : 'unexpected content' }
    }
  }

  private async setAside(): Promise<string> {
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')
    const target = `${this.path}.damaged-${stamp}`
    await rename(this.path, target)
    return target
  }

  private notice(message: string, outcome: 'restored' | 'lost'): void {
    this.options.onNotice?.(message, outcome)
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // The rename is durable only once the directory entry is; some file systems refuse, which is fine.
  try {
    const handle = await open(dir, constants.O_RDONLY)
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    return
  }
}
