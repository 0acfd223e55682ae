import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseAccountsFile } from '../../electron/core/accounts/account-file'
import { parseKnownHosts } from '../../electron/core/sessions/host-keys'
import { startCore } from './core-harness'
import { waitFor } from './poll'

const ROOT = resolve(__dirname, '..', '..')
const WRITER = join(ROOT, 'tests', 'support', 'data-dir-writer.ts')
/** Travis user ids per writer run; a run makes a few hundred changes at most before it is killed. */
const IDS_PER_RUN = 100_000

export interface KillRunResult {
  kills: number
  confirmedWrites: number
  seconds: number
  /** Of `seconds`, summed over both writers: the time they were up and writing, start-ups left out. */
  writingSeconds: number
  /** Confirmed changes the files do not show: an added account or trusted host missing, a removed account back. */
  lost: string[]
  /** Stores and backups that do not parse. */
  unparseable: string[]
  /** Left after the next start: temp files, lock files, lock-breaking claims, files set aside as damaged. */
  tempFiles: string[]
  staleLocks: string[]
  setAside: string[]
  /** What a writer printed when a change failed. */
  errors: string[]
}

/** One writer process and everything it printed over all its runs. */
class Writer {
  readonly lines: string[] = []
  confirmed = 0
  ready = false
  exited = true
  writingMs = 0
  /** Set when a run ended without being killed: it failed to start or crashed. */
  failure: string | undefined
  private readyAt = 0
  private killed = false
  private stderr = ''
  private child: ChildProcess | undefined
  private run = 0

  constructor(
    private readonly dataDir: string,
    private readonly index: number,
  ) {}

  start(): void {
    this.run += 1
    this.ready = false
    this.exited = false
    this.killed = false
    this.stderr = ''
    const firstUser = (this.index * 10_000 + this.run) * IDS_PER_RUN
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, this.dataDir, String(firstUser)], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child = child
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line)
      if (line === 'ready') {
        this.ready = true
        this.readyAt = Date.now()
      }
      if (line.startsWith('confirmed ')) this.confirmed += 1
    })
    child.stderr?.on('data', (chunk) => (this.stderr = `${this.stderr}${String(chunk)}`.slice(-2_000)))
    child.on('exit', (code) => {
      this.exited = true
      if (!this.killed) this.failure ??= `writer ${this.index} exited by itself (code ${code}): ${this.stderr.trim()}`
    })
  }

  kill(): void {
    this.killed = true
    this.child?.kill('SIGKILL')
    if (this.ready) this.writingMs += Date.now() - this.readyAt
  }
}

const randomInt = (below: number) => Math.floor(Math.random() * below)

/**
 * Two writers on one data dir, killed with SIGKILL at random moments and restarted until `kills`
 * kills have happened; then the next start (a core on the same dir) and a look at what is left.
 */
export async function runKillTest(dataDir: string, kills: number): Promise<KillRunResult> {
  const started = Date.now()
  const writers = [new Writer(dataDir, 1), new Writer(dataDir, 2)]
  let done = 0
  const errors = () => [
    ...writers.flatMap((writer) => writer.lines.filter((line) => line.startsWith('error '))),
    ...writers.flatMap((writer) => (writer.failure === undefined ? [] : [writer.failure])),
  ]
  const cycle = async (writer: Writer) => {
    while (done < kills && errors().length === 0) {
      writer.start()
      await waitFor(() => writer.ready || writer.exited, 'a writer to start', { timeoutMs: 60_000 })
      if (writer.exited) break
      // Somewhere within the next few changes, at a moment set by a random polling interval.
      const goal = writer.confirmed + randomInt(6)
      await waitFor(() => writer.confirmed >= goal || writer.exited, 'a writer to confirm its changes', {
        timeoutMs: 60_000,
        intervalMs: 1 + randomInt(15),
      })
      if (writer.exited) break
      writer.kill()
      done += 1
      await waitFor(() => writer.exited, 'a killed writer to exit', { timeoutMs: 10_000 })
    }
  }
  await Promise.all(writers.map(cycle))
  const seconds = (Date.now() - started) / 1000

  const next = await startCore(dataDir)
  await next.dispose()

  const names = await readdir(dataDir)
  const unparseable: string[] = []
  const read = async <T>(name: string, parse: (raw: unknown) => T): Promise<T | undefined> => {
    if (!names.includes(name)) return undefined
    try {
      return parse(JSON.parse(await readFile(join(dataDir, name), 'utf8')))
    } catch {
      unparseable.push(name)
      return undefined
    }
  }
  const accounts = await read('accounts.json', parseAccountsFile)
  const knownHosts = await read('known_hosts.json', parseKnownHosts)
  await read('accounts.json.bak', parseAccountsFile)
  await read('known_hosts.json.bak', parseKnownHosts)

  const lines = writers.flatMap((writer) => writer.lines)
  const said = (prefix: string) => new Set(lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)))
  const present = new Set(accounts?.accounts.map((account) => account.id))
  const trusted = new Set(Object.keys(knownHosts?.hosts ?? {}))
  const removalsBegun = said('begin remove ')
  const lost = [
    ...[...said('confirmed add ')].filter((id) => !present.has(id) && !removalsBegun.has(id)).map((id) => `account ${id} added`),
    ...[...said('confirmed remove ')].filter((id) => present.has(id)).map((id) => `account ${id} removed`),
    ...[...said('confirmed trust ')].filter((key) => !trusted.has(key)).map((key) => `host ${key} trusted`),
  ]
  return {
    kills: done,
    confirmedWrites: writers.reduce((sum, writer) => sum + writer.confirmed, 0),
    seconds,
    writingSeconds: writers.reduce((sum, writer) => sum + writer.writingMs, 0) / 1000,
    lost,
    unparseable,
    tempFiles: names.filter((name) => name.endsWith('.tmp') || name.startsWith('.write-test-')),
    staleLocks: names.filter((name) => name.endsWith('.lock') || name.endsWith('.claim')),
    setAside: names.filter((name) => name.includes('.damaged-')),
    errors: errors(),
  }
}
