import { spawn } from 'node:child_process'
import { mkdtemp, open, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFile } from '../../electron/core/store/json-file'

/** The pid of a process that has exited: what a writer killed mid-write leaves in its file names. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', () => (child.pid === undefined ? reject(new Error('no pid')) : resolve(child.pid)))
  })
}

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

  it('replaces the backup in one step: whoever reads the old backup never sees it rewritten in place', async () => {
    await file().write({ version: 1, name: 'first' })
    await file().write({ version: 1, name: 'second' })
    const oldBackup = await open(join(dir, 'settings.json.bak'), 'r')
    try {
      await file().write({ version: 1, name: 'third' })
      expect(JSON.parse(await oldBackup.readFile('utf8'))).toEqual({ version: 1, name: 'first' })
    } finally {
      await oldBackup.close()
    }
    expect(JSON.parse(await readFile(join(dir, 'settings.json.bak'), 'utf8'))).toEqual({ version: 1, name: 'second' })
  })

  it('takes over the lock of a writer that was killed, and clears the temp file it left', async () => {
    await file().write({ version: 1, name: 'first' })
    const pid = await deadPid()
    await writeFile(join(dir, 'settings.json.lock'), `${pid} 0123abcd\n`)
    await writeFile(join(dir, `.settings.json.${pid}.k1ll3d.tmp`), '{"version": 1, "na')
    await file().write({ version: 1, name: 'second' })
    expect(await file().read()).toEqual({ version: 1, name: 'second' })
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.bak'])
  })

  it('takes over a lock left empty by a writer killed before it wrote its pid, once it is clearly old', async () => {
    const lock = join(dir, 'settings.json.lock')
    await writeFile(lock, '')
    const minuteAgo = new Date(Date.now() - 60_000)
    await utimes(lock, minuteAgo, minuteAgo)
    await file().write({ version: 1, name: 'after' })
    expect((await readdir(dir)).sort()).toEqual(['settings.json'])
  })

  it('waits for a lock that is empty only because its writer is about to fill it in', async () => {
    await writeFile(join(dir, 'settings.json.lock'), '')
    const waiting = new JsonFile<Settings>(join(dir, 'settings.json'), { parse, empty: () => ({ version: 1, name: '' }), lockWaitMs: 200 })
    await expect(waiting.write({ version: 1, name: 'blocked' })).rejects.toThrow(/^Another Shipmate process is still changing settings\.json\./)
  })

  it('waits for a live writer, then says which lock file holds it up', async () => {
    await writeFile(join(dir, 'settings.json.lock'), `${process.ppid} 0123abcd\n`)
    const waiting = new JsonFile<Settings>(join(dir, 'settings.json'), { parse, empty: () => ({ version: 1, name: '' }), lockWaitMs: 200 })
    await expect(waiting.write({ version: 1, name: 'blocked' })).rejects.toThrow(
      `Another Shipmate process (pid ${process.ppid}) is still changing settings.json. If no other Shipmate is running, delete ${join(dir, 'settings.json.lock')} and try again.`,
    )
    await rm(join(dir, 'settings.json.lock'))
    await waiting.write({ version: 1, name: 'free' })
    expect(await waiting.read()).toEqual({ version: 1, name: 'free' })
  })

  it('two writers changing one file at once lose none of each other\'s changes', async () => {
    const counter = () =>
      new JsonFile<{ version: 1; names: string[] }>(join(dir, 'list.json'), {
        parse: (raw) => raw as { version: 1; names: string[] },
        empty: () => ({ version: 1, names: [] }),
      })
    const [a, b] = [counter(), counter()]
    const adds = Array.from({ length: 20 }, (_, index) =>
      (index % 2 ? a : b).update((current) => ({ ...current, names: [...current.names, `n${index}`] })),
    )
    await Promise.all(adds)
    expect((await a.read()).names.sort()).toEqual(Array.from({ length: 20 }, (_, index) => `n${index}`).sort())
  })
})
