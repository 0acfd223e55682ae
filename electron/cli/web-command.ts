import { dirname, join } from 'node:path'
import { createOsKeychain } from '../core/accounts/keychain'
import { createCore } from '../core/create-core'
import { UserError } from '../core/errors'
import { createLogger } from '../core/log'
import { defaultDataDir, prepareDataDir, resolveDataDir } from '../core/store/data-dir'
import { startWebHost } from '../web/web-host'
import { EXIT_FAILURE, EXIT_OK, type CliIo } from './io'
import { openInBrowser } from './open-browser'

export interface WebCommandOptions {
  port: number
  dataDir: string | undefined
  open: boolean
  version: string
  /** The built renderer; next to the bundled CLI by default. */
  rendererDir?: string
}

export async function runWebCommand(options: WebCommandOptions, io: CliIo): Promise<number> {
  const log = createLogger(io.err)
  const dataDir = resolveDataDir(options.dataDir, io.env, () => defaultDataDir())
  try {
    await prepareDataDir(dataDir)
    const core = await createCore({
      dataDir,
      version: options.version,
      host: 'web',
      keychain: createOsKeychain(),
      log,
      openExternal: async () => {
        throw new UserError('In browser mode, links open in your browser directly.', 'not_supported')
      },
    })
    const host = await startWebHost({
      core,
      log,
      port: options.port,
      rendererDir: options.rendererDir ?? join(dirname(__filename), '..', 'renderer'),
    })
    io.out(`Shipmate: ${host.url}\n`)
    if (options.open) openInBrowser(host.url)
    await io.interrupted()
    await host.close()
    await core.dispose()
    return EXIT_OK
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`shipmate: ${error.message}\n`)
      return EXIT_FAILURE
    }
    throw error
  }
}
