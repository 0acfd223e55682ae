import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tests/support/chromium'

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: '.tmp/results/e2e.json' }], ['./tests/support/failure-details-reporter.ts']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1200, height: 760 },
  },
})
