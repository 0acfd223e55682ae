import { expect, type Page } from '@playwright/test'

/** The terminal as a user sees it: the text of xterm.js's DOM rows, and typing into it. */
export class TerminalPage {
  constructor(readonly page: Page) {}

  get tabs() {
    return this.page.getByRole('tablist', { name: 'tmate windows' })
  }

  /** The visible screen, read from the terminal the page shows (with WebGL it is on a canvas). */
  async text(): Promise<string> {
    return this.page.evaluate(() => window.shipmateTerminalText?.() ?? '')
  }

  /** Named wait: the text shows on the terminal screen. */
  async waitForText(text: string | RegExp, timeout = 15_000): Promise<void> {
    await expect.poll(() => this.text(), { timeout }).toMatch(typeof text === 'string' ? new RegExp(escape(text)) : text)
  }

  async focus(): Promise<void> {
    await this.page.locator('.terminal-frame .xterm').click()
  }

  async type(text: string): Promise<void> {
    await this.focus()
    await this.page.keyboard.type(text)
  }

  async press(key: string): Promise<void> {
    await this.focus()
    await this.page.keyboard.press(key)
  }

  /** Named wait: "session connected" and past tmate's start-up view, at a shell prompt. */
  async waitForPrompt(): Promise<void> {
    await expect(this.page.getByRole('status', { name: 'Session status' })).toContainText('Connected', { timeout: 15_000 })
    const ready = (text: string) => /Press <q> or <ctrl-c> to continue/.test(text) || /travis@sim:~\$/.test(text)
    await expect.poll(async () => ready(await this.text()), { timeout: 15_000 }).toBe(true)
    if (/Press <q> or <ctrl-c> to continue/.test(await this.text())) await this.type('q')
    await this.waitForText(/travis@sim:~\$/)
  }

  /**
   * Named wait: join detection is on and the shell prompt shows. The session guard leaves tmate's
   * start-up view by itself and types its line at the first idle prompt; a test that types
   * nothing before this cannot race it (a second q would land at the prompt).
   */
  async waitForGuardedPrompt(): Promise<void> {
    await expect(this.page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection is on', { timeout: 20_000 })
    await this.waitForText(/travis@sim:~\$/)
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
