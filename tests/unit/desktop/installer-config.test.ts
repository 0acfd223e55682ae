import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = join(import.meta.dirname, '..', '..', '..')
const require = createRequire(import.meta.url)

/** Checked without building: electron-builder needs Electron's download to build, not to read its config. */
describe('electron-builder.yml', async () => {
  const config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    electronFuses: Record<string, boolean>
    protocols: { schemes: string[] }[]
    asarUnpack: string[]
    files: string[]
    linux: { target: string[]; icon: string; desktop: { entry: object } }
    mac: { target: string; hardenedRuntime: boolean; entitlements: string }
    win: { target: string }
  }

  it('uses only settings electron-builder\'s schema knows, at every level it has', async () => {
    // The schema file, not the library: loading app-builder-lib takes seconds, reading its schema does not.
    const scheme = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>
      definitions: Record<string, { properties: Record<string, unknown> }>
    }
    const unknownKeys = (value: unknown, known: Record<string, unknown>, where: string) =>
      Object.keys(value as object)
        .filter((key) => !(key in known))
        .map((key) => `${where}.${key}`)
    const sections: [string, string][] = [
      ['linux', 'LinuxConfiguration'],
      ['deb', 'DebOptions'],
      ['mac', 'MacConfiguration'],
      ['win', 'WindowsConfiguration'],
      ['electronFuses', 'FuseOptionsV1'],
    ]
    const problems = [
      ...unknownKeys(config, scheme.properties, 'config'),
      ...sections.flatMap(([key, definition]) => unknownKeys(config[key], scheme.definitions[definition]?.properties ?? {}, key)),
      ...unknownKeys(config.linux.desktop, scheme.definitions.LinuxDesktopFile?.properties ?? {}, 'linux.desktop'),
    ]
    expect(problems).toEqual([])
  })

  it('turns off the fuses that let the binary run as plain Node, and checks the archive', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    })
  })

  it('registers shipmate: links, unpacks the native modules, and builds each platform\'s installer', () => {
    expect(config.protocols.flatMap((protocol) => protocol.schemes)).toEqual(['shipmate'])
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@napi-rs/keyring*/**', 'node_modules/ssh2/**']))
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac).toMatchObject({ target: 'dmg', hardenedRuntime: true })
    expect(config.win.target).toBe('nsis')
  })

  it('grants macOS only the JIT entitlement', async () => {
    const plist = await readFile(join(root, config.mac.entitlements), 'utf8')
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1])).toEqual(['com.apple.security.cs.allow-jit'])
  })

  it('leaves the renderer\'s bundled packages out of the archive, but not what the main process requires', () => {
    const excluded = config.files.filter((pattern) => pattern.startsWith('!')).join(' ')
    for (const bundled of ['react', 'react-dom', 'zustand', 'xterm,']) expect(excluded).toContain(bundled)
    for (const needed of ['ssh2', 'ws', 'yaml', 'zod', 'headless', 'keyring']) expect(excluded).not.toContain(needed)
  })
})
