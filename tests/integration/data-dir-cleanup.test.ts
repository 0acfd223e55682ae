import { spawn } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { removeDir, startCore, tempDir } from '../support/core-harness'

/** The pid of a process that has exited, as a Shipmate killed mid-write leaves in its file names. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', () => (child.pid === undefined ? reject(new Error('no pid')) : resolve(child.pid)))
  })
}

describe('the start of a Shipmate after one was killed', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await tempDir('shipmate-cleanup-')
  })
  afterEach(() => removeDir(dataDir))

  it('clears the temp files, the stale lock and the write probe the killed one left, and keeps the data', async () => {
    const pid = await deadPid()
    const accounts = { version: 1, accounts: [] }
    await writeFile(join(dataDir, 'accounts.json'), JSON.stringify(accounts))
    await writeFile(join(dataDir, 'known_hosts.json'), JSON.stringify({ version: 1, hosts: {} }))
    const debris = [
      `.accounts.json.${pid}.a1b2c3.tmp`,
      `.known_hosts.json.${pid}.d4e5f6.tmp`,
      'known_hosts.json.lock',
      `.known_hosts.json.lock.0123456789abcdef.0.claim`,
      `.write-test-${pid}`,
    ]
    for (const name of debris) await writeFile(join(dataDir, name), name === 'known_hosts.json.lock' ? `${pid} 0123456789abcdef\n` : `${pid}\n`)

    const core = await startCore(dataDir)
    try {
      expect((await readdir(dataDir)).sort()).toEqual(['accounts.json', 'known_hosts.json'])
      expect(await core.accounts.list()).toEqual([])
    } finally {
      await core.dispose()
    }
  })
})
