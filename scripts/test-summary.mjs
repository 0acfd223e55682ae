#!/usr/bin/env node
// The closing lines of `npm test`, read from the runners' JSON reports in one folder: a line for
// each suite that was skipped whole (with its reason), then `N passed, N failed, N skipped`.
// `node scripts/test-summary.mjs DIR` prints them for DIR.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** @param {string} results the folder of unit.json, integration.json, e2e.json, electron.json */
export function summaryLines(results) {
  let passed = 0
  let failed = 0
  let skipped = 0
  const notes = []
  const read = (file) => {
    const path = join(results, file)
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
  }
  for (const file of ['unit.json', 'integration.json']) {
    const report = read(file)
    if (!report) continue
    passed += report.numPassedTests ?? 0
    failed += report.numFailedTests ?? 0
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  }
  for (const file of ['e2e.json', 'electron.json']) {
    const report = read(file)
    if (!report) continue
    const stats = report.stats ?? {}
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0)
    failed += stats.unexpected ?? 0
    skipped += stats.skipped ?? 0
    // A suite that did not run at all says why, so its skipped tests are not a silent 0.
    if (report.skippedReason) notes.push(`${file.replace(/\.json$/, '')}: ${stats.skipped ?? 0} skipped (${report.skippedReason})`)
  }
  return [...notes, `${passed} passed, ${failed} failed, ${skipped} skipped`]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of summaryLines(process.argv[2] ?? '.')) console.log(line)
}
