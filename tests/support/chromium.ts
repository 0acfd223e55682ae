import type { LaunchOptions } from '@playwright/test'

/**
 * Debian's Chromium, not a browser Playwright downloads (that download is not reachable here).
 * --no-sandbox is for tests only: CI runs as root, where Chromium refuses its sandbox.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: process.env.SHIPMATE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  }
}
