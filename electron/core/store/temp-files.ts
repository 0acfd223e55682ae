import { randomBytes } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isProcessAlive } from './process-alive'

/** `.<file>.<pid>.<random>.tmp`: which file a temp file was for and which process wrote it. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-z]+\.tmp$/

/** A fresh temp file name beside `path`, hidden, naming the file and this process. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
}

/** The file a temp file was written for and the writer's pid, or undefined for any other name. */
export function parseTempName(name: string): { file: string; pid: number } | undefined {
  const match = TEMP_NAME.exec(name)
  return match ? { file: match[1] as string, pid: Number(match[2]) } : undefined
}

/**
 * Removes the temp files of `file` in `dir`: those whose writer has exited, or all of them when
 * the caller holds the file's lock (only a lock holder writes them, so none can be in use).
 */
export async function removeTempFiles(dir: string, file: string, which: 'of-exited-writers' | 'all'): Promise<void> {
  for (const name of await namesIn(dir)) {
    const temp = parseTempName(name)
    if (temp === undefined || temp.file !== file) continue
    if (which === 'all' || (temp.pid !== process.pid && !isProcessAlive(temp.pid))) await rm(join(dir, name), { force: true })
  }
}

/** The names in a directory; none when it does not exist (yet). */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
