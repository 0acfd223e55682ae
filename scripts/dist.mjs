#!/usr/bin/env node
// Installers for the platform this runs on (Linux: AppImage and deb; macOS: dmg; Windows: nsis), in
// dist/. electron-builder downloads Electron's release for the target on first use, so this needs the
// network (or an Electron cache already filled); extra arguments go to electron-builder.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const steps = [
  ['icons', ['node', join(root, 'scripts', 'icons.mjs')]],
  ['build', [bin('electron-vite'), 'build']],
  ['installers', [bin('electron-builder'), '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]],
]
for (const [name, [program, ...args]] of steps) {
  console.log(`\n=== ${name} ===`)
  const result = spawnSync(program, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}).`)
    if (name === 'installers') console.error('electron-builder downloads Electron for the target platform: check the network, or its cache.')
    process.exit(1)
  }
}
