#!/usr/bin/env node
// Checks the Debian packages the tests need (real browser, tmux, OpenSSH client, keychain, D-Bus).
// As root with apt it installs what is missing; elsewhere it stops with one line saying what to run.
import { execFileSync, spawnSync } from 'node:child_process'

export const PACKAGES = {
  chromium: 'the real browser the end-to-end tests drive',
  'fonts-dejavu-core': 'a font for screenshots',
  tmux: 'the tmate simulator runs real tmux',
  'openssh-client': 'the second SSH client in tests (ssh, ssh-keygen)',
  'gnome-keyring': 'the OS keychain (Secret Service)',
  dbus: 'a private session bus for the keychain',
  'dbus-bin': 'dbus-run-session',
  'libsecret-tools': 'secret-tool, to inspect the keychain in tests',
  procps: 'process tools used by the harness',
}

function missingPackages() {
  return Object.keys(PACKAGES).filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', name], { encoding: 'utf8' })
    return result.status !== 0 || result.stdout.trim() !== 'installed'
  })
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

export function ensureSystemDeps({ install = true } = {}) {
  if (!hasCommand('dpkg-query')) {
    const needed = ['chromium', 'tmux', 'ssh', 'gnome-keyring-daemon', 'dbus-run-session', 'secret-tool']
    const absent = needed.filter((command) => !hasCommand(command))
    if (absent.length > 0) {
      console.error(`Missing commands: ${absent.join(' ')}. Install chromium, tmux, OpenSSH, gnome-keyring, D-Bus and libsecret's tools.`)
      process.exit(1)
    }
    return
  }
  const missing = missingPackages()
  if (missing.length === 0) return
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`
  const canInstall = install && process.getuid?.() === 0 && hasCommand('apt-get')
  if (!canInstall) {
    console.error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo ${command}`)
    process.exit(1)
  }
  console.log(`Installing missing Debian packages: ${missing.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
  const still = missingPackages()
  if (still.length > 0) {
    console.error(`Could not install: ${still.join(' ')}`)
    process.exit(1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureSystemDeps({ install: process.argv.includes('--install') || process.getuid?.() === 0 })
  console.log('System packages: all present.')
}
