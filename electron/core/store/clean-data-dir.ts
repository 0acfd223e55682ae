import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../errors'
import { claimedLockOf, storeNameOf, UNFILLED_GRACE_MS, withFileLock } from './file-lock'
import { isProcessAlive } from './process-alive'
import { namesIn, parseTempName, removeTempFiles } from './temp-files'

/**
 * A lock is normally held for one write, so a start does not wait long on a busy one; but long
 * enough to take over one its writer was killed before filling in.
 */
const START_WAIT_MS = UNFILLED_GRACE_MS + 2_000

/**
 * Clears what Shipmate processes killed mid-write left in the data directory, once at start: a
 * stale lock is taken over, and with the store's lock held every temp file of that store and every
 * claim of an old lock goes (no writer can be using them then). A store whose lock a live process
 * holds is left alone; the next start looks again.
 */
export async function cleanDataDir(dir: string): Promise<void> {
  const names = await namesIn(dir)
  const stores = new Set<string>()
  for (const name of names) {
    const probe = /^\.write-test-(\d+)$/.exec(name)
    if (probe && Number(probe[1]) !== process.pid && !isProcessAlive(Number(probe[1]))) await rm(join(dir, name), { force: true })
    const temp = parseTempName(name)
    if (temp !== undefined) stores.add(temp.file)
    if (name.endsWith('.lock')) stores.add(storeNameOf(name))
    const claimed = claimedLockOf(name)
    if (claimed !== undefined) stores.add(storeNameOf(claimed))
  }
  for (const store of stores) {
    const lock = `${store}.lock`
    try {
      await withFileLock(
        join(dir, lock),
        async () => {
          await removeTempFiles(dir, store, 'all')
          for (const name of await namesIn(dir)) if (claimedLockOf(name) === lock) await rm(join(dir, name), { force: true })
        },
        START_WAIT_MS,
      )
    } catch (error) {
      if (!(error instanceof UserError)) throw error
    }
  }
}
