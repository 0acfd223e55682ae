import type { Notice } from '@shared/api'
import { createOsKeychain } from '../core/accounts/keychain'
import { createCore, type Core } from '../core/create-core'
import { UserError } from '../core/errors'
import { createLogger, type Logger, silentLogger } from '../core/log'
import { defaultDataDir, prepareDataDir, resolveDataDir } from '../core/store/data-dir'
import type { CliIo } from './io'

/**
 * The same core, data dir and keychain as the app, for one command-line run. Its log lines are
 * Shipmate's own, for --verbose (and browser mode, a server); what the user must know either way
 * (a damaged file restored, say) reaches them as a notice, and a failure as the command's one line.
 */
export async function openCore(io: CliIo, dataDirFlag: string | undefined, version: string, host: 'web' | 'cli', verbose = true): Promise<Core> {
  const dataDir = resolveDataDir(dataDirFlag, io.env, () => defaultDataDir())
  await prepareDataDir(dataDir)
  const core = await createCore({
    dataDir,
    version,
    host,
    keychain: createOsKeychain(),
    log: cliLogger(io, verbose),
    env: io.env,
    openExternal: async () => {
      throw new UserError('Links open in your browser directly here.', 'not_supported')
    },
  })
  if (!verbose) {
    // Without the log, notices (a damaged file restored, say) still reach the user, once each.
    const say = (notice: Notice) => io.err(`shipmate: ${notice.message}\n`)
    for (const notice of await core.handle('app.notices', {})) say(notice)
    core.events.on('app.notice', say)
  }
  return core
}

/** Shipmate's own log lines on stderr with --verbose; none without. */
export function cliLogger(io: CliIo, verbose: boolean): Logger {
  return verbose ? createLogger(io.err) : silentLogger
}
