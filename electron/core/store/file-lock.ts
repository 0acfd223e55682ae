import { randomBytes } from 'node:crypto'
import { open, readFile, rm, stat } from 'node:fs/promises'
import { uptime } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { UserError } from '../errors'
import { sleep } from '../timing'
import { isProcessAlive } from './process-alive'
import { removeTempFiles } from './temp-files'

/** How long a change waits for another process's lock: far longer than any one write takes. */
export const DEFAULT_LOCK_WAIT_MS = 10_000
/** A lock file is filled in right after it is created; one still empty this long after was left by a killed process. */
export const UNFILLED_GRACE_MS = 3_000
/** Breakers of one stale lock that died in turn before anyone gives up (each leaves a claim behind). */
const MAX_CLAIMS = 64
const LOCK_TEXT = /^(\d+) ([0-9a-f]+)\n$/
const CLAIM_TEXT = /^(\d+)\n$/

/** Nonces of the locks this process holds: a lock naming our pid but none of these is a leftover. */
const heldHere = new Set<string>()
/** Per lock: the end of this process's queue, so two stores of one file in one process take turns as well. */
const queues = new Map<string, Promise<unknown>>()

interface Holder {
  /** Tells this lock file apart from any later one at the same path. */
  identity: string
  pid: number | undefined
  stale: boolean
}

/**
 * Runs `run` while holding `<file>.lock`, a file created exclusively (O_EXCL) holding the owner's
 * pid and a random nonce. Every Shipmate process (the app, the CLI) takes it before it reads a
 * store to change it, so two writers never work from the same old copy.
 *
 * A lock whose owner has exited (killed mid-write) is stale and is taken over, by one process
 * only: a breaker first creates a claim file named after that lock's nonce (O_EXCL again), then
 * checks the lock is still that one before it removes it. Nobody else can remove or replace a
 * stale lock meanwhile, so the check stays true; a breaker that dies holding its claim is
 * succeeded by the next claim number. A live owner is waited for, up to `waitMs`, then the
 * caller is told which file to remove.
 */
export function withFileLock<T>(lockPath: string, run: () => Promise<T>, waitMs = DEFAULT_LOCK_WAIT_MS): Promise<T> {
  const key = resolve(lockPath)
  const turn = (queues.get(key) ?? Promise.resolve()).then(async () => {
    const release = await acquire(key, waitMs)
    try {
      return await run()
    } finally {
      await release()
    }
  })
  const end = turn.catch(() => undefined)
  queues.set(key, end)
  void end.then(() => {
    if (queues.get(key) === end) queues.delete(key)
  })
  return turn
}

async function acquire(lockPath: string, waitMs: number): Promise<() => Promise<void>> {
  const nonce = randomBytes(8).toString('hex')
  const deadline = Date.now() + waitMs
  for (;;) {
    if (await createExclusive(lockPath, `${process.pid} ${nonce}\n`)) {
      heldHere.add(nonce)
      return async () => {
        if ((await inspect(lockPath))?.identity === nonce) await rm(lockPath, { force: true })
        heldHere.delete(nonce)
      }
    }
    const holder = await inspect(lockPath)
    if (holder === undefined) continue
    if (holder.stale && (await breakStale(lockPath, holder.identity))) continue
    if (Date.now() > deadline) throw busy(lockPath, holder.pid)
    await sleep(2 + Math.random() * 18)
  }
}

/** Creates `path` with `text` unless it exists (then false). */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(text)
  } catch (error) {
    await handle.close()
    await rm(path, { force: true })
    throw error
  }
  await handle.close()
  return true
}

/** Who holds the lock and whether it is stale; undefined when there is no lock file (any more). */
async function inspect(lockPath: string): Promise<Holder | undefined> {
  let info
  let text: string
  try {
    info = await stat(lockPath, { bigint: true })
    text = await readFile(lockPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const modified = Number(info.mtimeMs)
  const match = LOCK_TEXT.exec(text)
  if (!match) {
    return { identity: `x${info.ino}-${info.mtimeNs}`, pid: undefined, stale: Date.now() - modified > UNFILLED_GRACE_MS }
  }
  const pid = Number(match[1])
  const nonce = match[2] as string
  if (pid === process.pid) return { identity: nonce, pid, stale: !heldHere.has(nonce) }
  // A pid written before the machine last started belongs to a process that is gone, whoever has that number now.
  const beforeBoot = modified < Date.now() - uptime() * 1000 - 60_000
  return { identity: nonce, pid, stale: beforeBoot || !isProcessAlive(pid) }
}

/** Removes a stale lock unless another process is already doing so; true when it was removed here. */
async function breakStale(lockPath: string, identity: string): Promise<boolean> {
  const claim = await claimBreak(lockPath, identity)
  if (claim === undefined) return false
  try {
    if ((await inspect(lockPath))?.identity !== identity) return true
    await rm(lockPath, { force: true })
    // Its owner died holding it, maybe with a temp file half written.
    await removeTempFiles(dirname(lockPath), storeNameOf(lockPath), 'of-exited-writers')
    return true
  } finally {
    for (let number = claim; number >= 0; number--) await rm(claimPath(lockPath, identity, number), { force: true })
  }
}

/** The claim number this process now holds for breaking that lock, or undefined when a live breaker has it. */
async function claimBreak(lockPath: string, identity: string): Promise<number | undefined> {
  for (let number = 0; number < MAX_CLAIMS; number++) {
    const path = claimPath(lockPath, identity, number)
    if (await createExclusive(path, `${process.pid}\n`)) return number
    let text: string
    let modified: number
    try {
      modified = (await stat(path)).mtimeMs
      text = await readFile(path, 'utf8')
    } catch (error) {
      // Gone: its breaker has finished; the caller looks at the lock afresh.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    const match = CLAIM_TEXT.exec(text)
    // Claims are made only while this process waits in the lock's queue, so one with our own pid is a leftover.
    const dead = match ? Number(match[1]) === process.pid || !isProcessAlive(Number(match[1])) : Date.now() - modified > UNFILLED_GRACE_MS
    if (!dead) return undefined
  }
  return undefined
}

function claimPath(lockPath: string, identity: string, number: number): string {
  return join(dirname(lockPath), `.${basename(lockPath)}.${identity}.${number}.claim`)
}

/** `accounts.json` for `accounts.json.lock`. */
export function storeNameOf(lockPath: string): string {
  return basename(lockPath).replace(/\.lock$/, '')
}

/** A claim file's lock name (`accounts.json.lock`), or undefined for any other name. */
export function claimedLockOf(name: string): string | undefined {
  return /^\.(.+\.lock)\.[0-9a-z-]+\.\d+\.claim$/.exec(name)?.[1]
}

function busy(lockPath: string, pid: number | undefined): UserError {
  const who = pid === undefined ? 'Another Shipmate process' : `Another Shipmate process (pid ${pid})`
  return new UserError(
    `${who} is still changing ${storeNameOf(lockPath)}. If no other Shipmate is running, delete ${lockPath} and try again.`,
    'data_locked',
  )
}
