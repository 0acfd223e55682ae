#!/usr/bin/env node
// Drives the real Electron app where an Electron binary exists; says clearly that it skipped where
// none does (the binary is downloaded on first use, and that download is not reachable on every machine).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const electronDir = join(root, 'node_modules', 'electron')
const pathFile = join(electronDir, 'path.txt')
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined

if (!binary || !existsSync(binary)) {
  console.log('skipped: no Electron binary (node_modules/electron has no downloaded dist; its download is not reachable here)')
  process.exit(0)
}

const command = ['npx', 'playwright', 'test', '-c', join('tests', 'electron', 'playwright.config.ts')]
const headless = !process.env.DISPLAY && process.platform === 'linux'
const [program, ...args] = headless ? ['xvfb-run', '-a', ...command] : command
const result = spawnSync(program, args, { cwd: root, stdio: 'inherit', env: { ...process.env, SHIPMATE_ELECTRON_BINARY: binary } })
process.exit(result.status ?? 1)
