import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Browser, type Page } from '@playwright/test'

const CLI = resolve(__dirname, '..', '..', 'out', 'main', 'cli.js')

export interface AppOptions {
  dataDir?: string
  env?: NodeJS.ProcessEnv
  /**
   * Runs on the new page before it loads the app, e.g. to record its WebSocket from the first frame;
   * awaited, so a fake clock is in place before the app's first timer.
   */
  beforeLoad?: (page: Page) => void | Promise<void>
}

/**
 * Shipmate in browser mode, driven like a user would: the built CLI serves it, Chromium opens the
 * printed address. Waits are named after what the user would see, never sleeps.
 */
export class App {
  readonly page: Page
  readonly url: string
  readonly dataDir: string
  private readonly child: ChildProcessWithoutNullStreams
  private readonly ownsDataDir: boolean
  private readonly stderr: string[]

  private constructor(page: Page, url: string, dataDir: string, child: ChildProcessWithoutNullStreams, ownsDataDir: boolean, stderr: string[]) {
    this.page = page
    this.url = url
    this.dataDir = dataDir
    this.child = child
    this.ownsDataDir = ownsDataDir
    this.stderr = stderr
  }

  static async start(browser: Browser, options: AppOptions = {}): Promise<App> {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'shipmate-e2e-')))
    const { child, url, stderr } = await App.serve(dataDir, options.env)
    const page = await browser.newPage()
    await options.beforeLoad?.(page)
    await page.goto(url)
    const app = new App(page, url, dataDir, child, options.dataDir === undefined, stderr)
    await app.waitForLoaded()
    return app
  }

  /** Starts the server only; for tests that open pages themselves. */
  static async serve(
    dataDir: string,
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stderr: string[] }> {
    const child = spawn(process.execPath, [CLI, '--web', '--port', '0', '--data-dir', dataDir, '--no-open'], {
      env: { ...process.env, ...env },
    })
    const stderr: string[] = []
    child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text))
    const url = await new Promise<string>((resolveUrl, reject) => {
      let seen = ''
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        seen += text
        const match = /^Shipmate: (http:\/\/127\.0\.0\.1:\d+\/#secret=\S+)$/m.exec(seen)
        if (match?.[1]) resolveUrl(match[1])
      })
      child.once('exit', (code) => reject(new Error(`shipmate --web exited with ${code}: ${stderr.join('')}`)))
    })
    return { child, url, stderr }
  }

  /** The page's origin without the secret, as a stranger would know it. */
  get origin(): string {
    return new URL(this.url).origin
  }

  get log(): string {
    return this.stderr.join('')
  }

  async waitForLoaded(): Promise<void> {
    await expect(this.page.locator('.app[data-ready="true"]')).toBeVisible()
  }

  /** Adds an account through the UI and waits until its repositories are listed. */
  async addAccount(apiUrl: string, token: string): Promise<void> {
    await this.page.getByRole('button', { name: /Add a Travis account|\+ Add account/ }).first().click()
    await this.page.getByLabel('API endpoint').fill(apiUrl)
    await this.page.getByLabel('API token').fill(token)
    await this.page.getByRole('button', { name: 'Save account' }).click()
    await this.waitForRepositories()
  }

  /** Fills the home screen's "Paste an SSH command" box and presses Connect. */
  async pasteSshCommand(command: string): Promise<void> {
    await this.page.getByLabel('Paste an SSH command').fill(command)
    await this.page.getByRole('button', { name: 'Connect', exact: true }).click()
  }

  /** "Repositories listed": the count line shows the finished total. */
  async waitForRepositories(): Promise<void> {
    await expect(this.page.getByRole('status', { name: 'Repository count' })).toHaveText(/^\d+ repositories$/)
  }

  async stop(): Promise<void> {
    await this.attachDiagnostics()
    await this.page.close().catch(() => {})
    if (this.child.exitCode === null) {
      const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit))
      this.child.kill('SIGTERM')
      await exited
    }
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true })
  }

  /**
   * The test carries the server's log and what the page showed at the end, as text. Tests stop the
   * app in a `finally`, before a failure is recorded, so every test gets them; the report prints
   * them only for a failed one, which can then be read from CI's output alone.
   */
  private async attachDiagnostics(): Promise<void> {
    const info = currentTest()
    if (!info || this.page.isClosed()) return
    const screen = await this.page
      .locator('body')
      .ariaSnapshot({ timeout: 2_000 })
      .catch((error: unknown) => `(no snapshot: ${error instanceof Error ? error.message : String(error)})`)
    await info.attach('page at the end', { body: lastLines(screen, 80), contentType: 'text/plain' })
    await info.attach('shipmate log', { body: lastLines(this.log, 120), contentType: 'text/plain' })
  }
}

function currentTest(): ReturnType<typeof test.info> | undefined {
  try {
    return test.info()
  } catch {
    return undefined
  }
}

function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n')
  return lines.length <= count ? lines.join('\n') : [`(${lines.length - count} earlier lines left out)`, ...lines.slice(-count)].join('\n')
}
