import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { removeDir, tempDir } from '../support/core-harness'

const root = resolve(__dirname, '..', '..')

describe('npm run demo', () => {
  it('starts the emulators, adds the demo account and serves Shipmate', async () => {
    const dir = await tempDir('shipmate-demo-')
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'demo.ts'), '--no-open'], {
      cwd: root,
      env: { ...process.env, SHIPMATE_DEMO_DIR: dir, SHIPMATE_DEMO_API_PORT: '0' },
      detached: true,
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += String(chunk)))
    child.stderr.on('data', (chunk) => (output += String(chunk)))
    try {
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no "Demo ready" line: ${output}`)), 25_000)
        child.stdout.on('data', () => {
          if (output.includes('Demo ready')) {
            clearTimeout(timer)
            done()
          }
        })
        child.once('exit', (code) => fail(new Error(`demo exited with ${code}: ${output}`)))
      })
      const url = /^Shipmate: (http:\/\/127\.0\.0\.1:\d+\/)#secret=\S+$/m.exec(output)?.[1]
      expect(url).toBeDefined()
      expect((await fetch(url ?? '')).status).toBe(200)
      expect(output).toContain('npm run demo:intruder')
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM')
      await removeDir(dir)
    }
  }, 40_000)
})
