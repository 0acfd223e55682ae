import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

/**
 * The built `shipmate --web` in a child process of its own, so that input which kills the server
 * shows up as an exit with its stderr, not as a dead test runner. Needs `npm run build` first.
 */
export class WebProcess {
  readonly port: number
  readonly secret: string
  private readonly stderr: string[]
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly dataDir: string,
    url: URL,
    stderr: string[],
  ) {
    this.port = Number(url.port)
    this.secret = /secret=([^&]+)/.exec(url.hash)?.[1] ?? ''
    this.stderr = stderr
    child.once('exit', (code, signal) => (this.exit = { code, signal }))
  }

  static async start(): Promise<WebProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), 'shipmate-web-process-'))
    const child = spawn(process.execPath, [CLI, '--web', '--port', '0', '--data-dir', dataDir, '--no-open'], { env: process.env })
    const stderr: string[] = []
    child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text))
    const url = await new Promise<URL>((resolveUrl, reject) => {
      let seen = ''
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        seen += text
        const match = /^Shipmate: (http:\/\/127\.0\.0\.1:\d+\/#secret=\S+)$/m.exec(seen)
        if (match?.[1]) resolveUrl(new URL(match[1]))
      })
      child.once('exit', (code) => reject(new Error(`shipmate --web exited with ${code}: ${stderr.join('')}`)))
    })
    return new WebProcess(child, dataDir, url, stderr)
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  get log(): string {
    return this.stderr.join('')
  }

  /** Undefined while the server runs; how it ended (and what it said last) once it has. */
  get death(): string | undefined {
    if (this.exit === undefined) return undefined
    return `exited with code ${this.exit.code} (signal ${this.exit.signal}); stderr:\n${this.log.slice(-2000)}`
  }

  /** Resident memory now, from the kernel's own accounting. */
  async rssBytes(): Promise<number> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8')
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
    if (kib === undefined) throw new Error(`no VmRSS for pid ${this.pid}`)
    return Number(kib) * 1024
  }

  async stop(): Promise<void> {
    if (this.exit === undefined) {
      const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit))
      this.child.kill('SIGTERM')
      await exited
    }
    await rm(this.dataDir, { recursive: true, force: true })
  }
}
