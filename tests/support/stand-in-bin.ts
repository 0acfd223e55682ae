import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A temporary directory of stand-in commands (a `tmate` that answers from files, say) first on
 * PATH, for a shell script under test. `dirVariable` names the environment variable that tells the
 * stand-ins where the directory is.
 */
export async function standInBin(prefix: string, commands: Record<string, string>, dirVariable: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  for (const [name, text] of Object.entries(commands)) {
    await writeFile(join(dir, name), text)
    await chmod(join(dir, name), 0o755)
  }
  return { dir, env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir, [dirVariable]: dir, LC_ALL: 'C' } }
}
