#!/usr/bin/env node
// The app icon in every size the installers need, drawn from resources/icon.svg by Chromium (the same
// Debian Chromium the tests use, or SHIPMATE_CHROMIUM), so the PNGs match the SVG exactly and no
// image tool has to be installed. Writes .tmp/icons/NxN.png: Linux takes the folder, electron-builder
// makes the macOS .icns and the Windows .ico from the 1024 px one.
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const out = join(root, '.tmp', 'icons')

const svg = await readFile(join(root, 'resources', 'icon.svg'), 'utf8')
await mkdir(out, { recursive: true })
const browser = await chromium.launch({
  executablePath: process.env.SHIPMATE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
})
try {
  const page = await browser.newPage()
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size })
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `)
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`)
    await page.locator('svg').screenshot({ path: join(out, `${size}x${size}.png`), omitBackground: true })
  }
} finally {
  await browser.close()
}
console.log(`icons: ${ICON_SIZES.map((size) => `${size}x${size}`).join(', ')} in ${out}`)
