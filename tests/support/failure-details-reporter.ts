import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter'

/**
 * Prints the text attachments of failed tests whole, after the summary. The list reporter cuts each
 * one at 300 characters, and on CI the output is all there is to read: the page at the end and the
 * server's log (attached by the App helper) are what tell a flake's cause.
 */
export default class FailureDetailsReporter implements Reporter {
  private readonly failed: { title: string; result: TestResult }[] = []

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped' || result.status === test.expectedStatus) return
    this.failed.push({ title: `${test.location.file.split('/').slice(-1)[0]}:${test.location.line} › ${test.title}`, result })
  }

  onEnd(_result: FullResult): void {
    for (const { title, result } of this.failed) {
      for (const attachment of result.attachments) {
        if (!attachment.body || !attachment.contentType.startsWith('text/')) continue
        console.log(`\n--- ${title} (run ${result.retry + 1}): ${attachment.name} ---\n${attachment.body.toString('utf8')}`)
      }
    }
  }

  printsToStdio(): boolean {
    return true
  }
}
