// Standalone emulator: `npx tsx tests/support/travis-emulator/cli.ts [--port N] [--flavour com|org|enterprise]
// [--step-ms N] [--bulk-repos N]`. Prints its base URL on the first line, then the seeded tokens,
// and serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import type { Flavour } from './model'
import { SEED } from './seed'
import { startTravisEmulator } from './server'

const FLAVOURS: readonly Flavour[] = ['com', 'org', 'enterprise']

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer`)
  return parsed
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      flavour: { type: 'string' },
      'step-ms': { type: 'string' },
      'bulk-repos': { type: 'string' },
    },
  })
  const flavour = FLAVOURS.find((f) => f === (values.flavour ?? 'com'))
  if (!flavour) throw new Error(`--flavour must be one of ${FLAVOURS.join(', ')}`)
  const stepMs = intOption(values['step-ms'], 'step-ms')
  const bulkRepoCount = intOption(values['bulk-repos'], 'bulk-repos')
  const emu = await startTravisEmulator({
    port: intOption(values.port, 'port') ?? 0,
    host: values.host ?? '127.0.0.1',
    flavour,
    timeline: stepMs === undefined ? {} : { stepMs },
    seed: bulkRepoCount === undefined ? {} : { bulkRepoCount },
  })
  console.log(`Travis emulator: ${emu.url}`)
  for (const user of Object.values(SEED.users)) console.log(`  token ${user.login}: ${user.token}`)
  console.log(`  control: ${emu.origin}/__emulator/`)
  const stop = (): void => {
    void emu.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
