import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFile } from '../../electron/core/store/json-file'

interface Settings {
  version: 1
  name: string
}

const parse = (raw: unknown): Settings => {
  const value = raw as Partial<Settings>
  if (value?.version !== 1 || typeof value.name !== 'string') throw new Error('bad shape')
  return { version: 1, name: value.name }
}

describe('JsonFile', () => {
  let dir: string
  let notices: string[]
  const file = () => new JsonFile<Settings>(join(dir, 'settings.json'), { parse, empty: () => ({ version: 1, name: '' }), onNotice: (m) => notices.push(m) })

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipmate-json-'))
    notices = []
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('starts empty, then reads back what it wrote', async () => {
    expect(await file().read()).toEqual({ version: 1, name: '' })
    await file().write({ version: 1, name: 'first' })
    expect(await file().read()).toEqual({ version: 1, name: 'first' })
    expect(notices).toEqual([])
  })

  it('keeps the previous good copy and leaves no temp files behind', async () => {
    await file().write({ version: 1, name: 'first' })
    await file().write({ version: 1, name: 'second' })
    expect(JSON.parse(await readFile(join(dir, 'settings.json.bak'), 'utf8'))).toEqual({ version: 1, name: 'first' })
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.bak'])
  })

  it('restores a damaged file from the previous copy, keeps the damaged one and says so', async () => {
    await file().write({ version: 1, name: 'first' })
    await file().write({ version: 1, name: 'second' })
    await writeFile(join(dir, 'settings.json'), '{"version": 1, "na')
    expect(await file().read()).toEqual({ version: 1, name: 'first' })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/settings\.json was damaged \(not valid JSON\); Shipmate restored the previous copy/)
    const names = await readdir(dir)
    const damaged = names.find((name) => name.startsWith('settings.json.damaged-'))
    expect(damaged).toBeDefined()
    expect(await readFile(join(dir, damaged ?? ''), 'utf8')).toBe('{"version": 1, "na')
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({ version: 1, name: 'first' })
  })

  it('treats a wrong shape as damage too', async () => {
    await file().write({ version: 1, name: 'first' })
    await file().write({ version: 1, name: 'second' })
    await writeFile(join(dir, 'settings.json'), '{"version": 2}')
    expect(await file().read()).toEqual({ version: 1, name: 'first' })
    expect(notices[0]).toContain('unexpected content')
  })

  it('never silently resets: with no good copy it starts afresh but keeps the file and tells the user', async () => {
    await writeFile(join(dir, 'settings.json'), 'garbage')
    expect(await file().read()).toEqual({ version: 1, name: '' })
    expect(notices[0]).toMatch(/no good previous copy exists/)
    expect((await readdir(dir)).some((name) => name.startsWith('settings.json.damaged-'))).toBe(true)
  })

  it('recovers from a crash that left only the backup', async () => {
    await file().write({ version: 1, name: 'first' })
    await file().write({ version: 1, name: 'second' })
    await rm(join(dir, 'settings.json'))
    expect(await file().read()).toEqual({ version: 1, name: 'first' })
    expect(notices[0]).toContain('was missing')
  })
})
