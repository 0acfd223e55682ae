import { constants } from 'node:fs'
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { UserError } from '../errors'

export interface JsonFileOptions<T> {
  /** Turns parsed JSON into T, throwing when the shape is wrong (a damaged file). */
  parse: (raw: unknown) => T
  /** The value of a file that does not exist yet. */
  empty: () => T
  /** Told when a damaged file was restored or set aside, so the user sees it. */
  onNotice?: (message: string) => void
  now?: () => Date
}

/**
 * A JSON file written atomically (temp file, fsync, rename) with the previous good copy kept as
 * `<name>.bak`. A damaged file is never silently reset: it is set aside, the backup is used, and the
 * user is told.
 */
export class JsonFile<T> {
  readonly path: string
  readonly backupPath: string
  private readonly options: JsonFileOptions<T>

  constructor(path: string, options: JsonFileOptions<T>) {
    this.path = path
    this.backupPath = `${path}.bak`
    this.options = options
  }

  async read(): Promise<T> {
    const primary = await this.tryRead(this.path)
    if (primary.kind === 'ok') return primary.value
    if (primary.kind === 'missing') {
      const backup = await this.tryRead(this.backupPath)
      if (backup.kind === 'ok') {
        this.notice(`${basename(this.path)} was missing; Shipmate restored its previous copy.`)
        await this.write(backup.value)
        return backup.value
      }
      return this.options.empty()
    }
    const setAside = await this.setAside()
    const backup = await this.tryRead(this.backupPath)
    if (backup.kind === 'ok') {
      this.notice(
        `${basename(this.path)} was damaged (${primary.reason}); Shipmate restored the previous copy. ` +
          `The damaged file was kept as ${basename(setAside)}.`,
      )
      await this.write(backup.value)
      return backup.value
    }
    this.notice(
      `${basename(this.path)} was damaged (${primary.reason}) and no good previous copy exists; ` +
        `Shipmate started it afresh. The damaged file was kept as ${basename(setAside)} in ${dirname(this.path)}.`,
    )
    return this.options.empty()
  }

  async write(value: T): Promise<void> {
    const dir = dirname(this.path)
    await mkdir(dir, { recursive: true })
    const temp = join(dir, `.${basename(this.path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`)
    const handle = await open(temp, constants.O_CREAT | constants.O_WRONLY | constants.O_TRUNC, 0o600)
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      if ((await this.tryRead(this.path)).kind === 'ok') await copyFile(this.path, this.backupPath)
      await rename(temp, this.path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
    await syncDirectory(dir)
  }

  private async tryRead(
    path: string,
  ): Promise<{ kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'damaged'; reason: string }> {
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

  private notice(message: string): void {
    this.options.onNotice?.(message)
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
