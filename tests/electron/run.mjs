#!/usr/bin/env node
// Drives the real Electron app where an Electron binary exists; says clearly that it skipped where
// none does (the binary is downloaded on first use, and that download is not reachable on every machine).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const electronDir = join(root, 'node_modules', 'electron')
const pathFile = join(electronDir, 'path.txt')
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined

const command = ['npx', 'playwright', 'test', '-c', join('tests', 'electron', 'playwright.config.ts')]

if (!binary || !existsSync(binary)) {
  const reason = 'no Electron binary: node_modules/electron has no downloaded dist, and its download is not reachable here'
  // Counted as skipped in the summary of `npm test`, with the reason, rather than as nothing at all.
  const listed = spawnSync(command[0], [...command.slice(1), '--list'], { cwd: root, encoding: 'utf8' })
  const count = Number(/Total: (\d+) tests? in/.exec(listed.stdout ?? '')?.[1] ?? 0)
  const results = process.env.SHIPMATE_RESULTS_DIR ?? join(root, '.tmp', 'results')
  mkdirSync(results, { recursive: true })
  writeFileSync(join(results, 'electron.json'), `${JSON.stringify({ stats: { expected: 0, unexpected: 0, skipped: count }, skippedReason: reason })}\n`)
  console.log(`skipped: ${count} Electron test${count === 1 ? '' : 's'} (${reason})`)
  process.exit(0)
}

const headless = !process.env.DISPLAY && process.platform === 'linux'
const [program, ...args] = headless ? ['xvfb-run', '-a', ...command] : command
const result = spawnSync(program, args, { cwd: root, stdio: 'inherit', env: { ...process.env, SHIPMATE_ELECTRON_BINARY: binary } })
process.exit(result.status ?? 1)
