import { mkdir, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { UserError } from '../errors'

/** Where Shipmate keeps its files when neither a flag, the environment nor Electron names a place. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Shipmate')
  if (platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Shipmate')
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Shipmate')
}

/** `--data-dir` wins, then `SHIPMATE_DATA_DIR`, then the host's own default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, fallback: () => string): string {
  const chosen = flag ?? env.SHIPMATE_DATA_DIR
  return resolve(chosen && chosen.length > 0 ? chosen : fallback())
}

/** Creates the directory if needed and proves it is writable, or says which path failed and why. */
export async function prepareDataDir(dir: string): Promise<void> {
  const probe = join(dir, `.write-test-${process.pid}`)
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await writeFile(probe, 'ok')
    await rm(probe, { force: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : (error as Error).message
    throw new UserError(`Cannot use the data directory ${dir}: ${why}.`, 'data_dir_unwritable')
  }
}
