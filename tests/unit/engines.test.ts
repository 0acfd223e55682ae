import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..', '..')
const readJson = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8')) as Record<string, unknown>

describe('the Node version Shipmate asks for', () => {
  it('is one that every installed package accepts, so npm install on it prints no EBADENGINE', () => {
    const ours = (readJson('package.json').engines as { node: string }).node
    const packages = readJson('package-lock.json').packages as Record<string, { engines?: { node?: unknown } }>
    const refusing = Object.entries(packages)
      .filter(([name, entry]) => name !== '' && typeof entry.engines?.node === 'string')
      .filter(([, entry]) => !semver.subset(ours, entry.engines?.node as string))
      .map(([name, entry]) => `${name.replace(/^node_modules\//, '')} wants ${String(entry.engines?.node)}`)
    expect(refusing).toEqual([])
  })

  it('is the one the README names for the desktop app', () => {
    const ours = (readJson('package.json').engines as { node: string }).node
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`Node ${ours}`)
  })
})
