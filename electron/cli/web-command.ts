import { dirname, join } from 'node:path'
import { UserError } from '../core/errors'
import { createLogger } from '../core/log'
import { startWebHost } from '../web/web-host'
import { EXIT_FAILURE, EXIT_OK, type CliIo } from './io'
import { openCore } from './open-core'
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
  try {
    const core = await openCore(io, options.dataDir, options.version, 'web')
    const host = await startWebHost({
      core,
      log: createLogger(io.err),
      port: options.port,
      rendererDir: options.rendererDir ?? join(dirname(__filename), '..', 'renderer'),
    }).catch(async (error: unknown) => {
      await core.dispose()
      throw error
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
