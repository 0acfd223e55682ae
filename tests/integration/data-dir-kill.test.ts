import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { removeDir, tempDir } from '../support/core-harness'
import { runKillTest } from '../support/data-dir-kill'

describe('the data dir with two writers killed at random moments', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await tempDir('shipmate-kill-')
  })
  afterEach(() => removeDir(dataDir))

  it('loses no confirmed change and leaves nothing broken or stale after the next start (30 kills)', { timeout: 240_000 }, async () => {
    const result = await runKillTest(dataDir, 30)
    expect(result.errors).toEqual([])
    expect(result.kills).toBeGreaterThanOrEqual(30)
    expect(result.confirmedWrites).toBeGreaterThan(30)
    expect(result.lost).toEqual([])
    expect(result.unparseable).toEqual([])
    expect(result.tempFiles).toEqual([])
    expect(result.staleLocks).toEqual([])
    expect(result.setAside).toEqual([])
  })
})
