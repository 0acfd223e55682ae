import { createOsKeychain } from '../core/accounts/keychain'
import { createCore, type Core } from '../core/create-core'
import { UserError } from '../core/errors'
import { createLogger } from '../core/log'
import { defaultDataDir, prepareDataDir, resolveDataDir } from '../core/store/data-dir'
import type { CliIo } from './io'

/** The same core, data dir and keychain as the app, for one command-line run. */
export async function openCore(io: CliIo, dataDirFlag: string | undefined, version: string, host: 'web' | 'cli'): Promise<Core> {
  const dataDir = resolveDataDir(dataDirFlag, io.env, () => defaultDataDir())
  await prepareDataDir(dataDir)
  return createCore({
    dataDir,
    version,
    host,
    keychain: createOsKeychain(),
    log: createLogger(io.err),
    env: io.env,
    openExternal: async () => {
      throw new UserError('Links open in your browser directly here.', 'not_supported')
    },
  })
}
