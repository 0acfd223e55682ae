import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultDataDir, prepareDataDir, resolveDataDir } from '../../electron/core/store/data-dir'

describe('data directory', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipmate-dd-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('prefers the flag, then SHIPMATE_DATA_DIR, then the host default', () => {
    expect(resolveDataDir('/a', { SHIPMATE_DATA_DIR: '/b' }, () => '/c')).toBe('/a')
    expect(resolveDataDir(undefined, { SHIPMATE_DATA_DIR: '/b' }, () => '/c')).toBe('/b')
    expect(resolveDataDir(undefined, {}, () => '/c')).toBe('/c')
    expect(resolveDataDir('relative', {}, () => '/c')).toBe(join(process.cwd(), 'relative'))
  })

  it('has a per-platform default', () => {
    expect(defaultDataDir('darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Shipmate')
    expect(defaultDataDir('linux', '/home/u')).toMatch(/Shipmate$/)
  })

  it('creates a missing directory', async () => {
    await prepareDataDir(join(dir, 'a', 'b'))
    expect((await stat(join(dir, 'a', 'b'))).isDirectory()).toBe(true)
  })

  it('says which path failed and why', async () => {
    const blocker = join(dir, 'file')
    await writeFile(blocker, 'x')
    await expect(prepareDataDir(blocker)).rejects.toThrow(`Cannot use the data directory ${blocker}: a file is in the way.`)
    await expect(prepareDataDir(join(blocker, 'sub'))).rejects.toThrow(/Cannot use the data directory .*file\/sub: a file is in the way/)
  })
})
