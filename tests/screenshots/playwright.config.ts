import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../support/chromium'

/** `npm run screenshots`: not a test suite, a walk through the main screens that writes pictures. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.screens.ts',
  outputDir: '../../test-results/screenshots',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [['list']],
  use: { launchOptions: chromiumLaunchOptions() },
})
