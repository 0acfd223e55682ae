import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BASH_PROFILE, TRAVIS_DEBUG_HELP, bashrc, paneWrapper } from './pane-shell'
import { renameNudge } from './rename-nudge'
import { startupMessages } from './startup-messages'
import { statusFormat } from './status-format'
import { tmateShim } from './tmate-shim'
import { tmuxConfig } from './tmux-config'

export interface SessionPaths {
  dir: string
  socketPath: string
  configPath: string
  binDir: string
  shimPath: string
  paneWrapperPath: string
  renameNudgePath: string
  home: string
  startupMessagesPath: string
}

export interface SessionFileInput {
  host: string
  sshCommand: string
  roSshCommand: string
  countClients: boolean
}

/**
 * Lays out one session's private temp dir: the tmux socket and config, the `tmate` shim and pane
 * wrapper on the panes' PATH, and a HOME with Travis's help text and a bashrc defining the
 * travis_run_* phases. Keeping it all in one dir makes cleanup one `rm -r`.
 */
export async function writeSessionFiles(input: SessionFileInput): Promise<SessionPaths> {
  const dir = await mkdtemp(join(tmpdir(), 'tmate-sim-'))
  const paths: SessionPaths = {
    dir,
    socketPath: join(dir, 'tmux.sock'),
    configPath: join(dir, 'tmux.conf'),
    binDir: join(dir, 'bin'),
    shimPath: join(dir, 'bin', 'tmate'),
    paneWrapperPath: join(dir, 'bin', 'sim-pane'),
    renameNudgePath: join(dir, 'bin', 'sim-rename-nudge'),
    home: join(dir, 'home'),
    startupMessagesPath: join(dir, 'startup-messages.txt'),
  }
  await mkdir(paths.binDir)
  await mkdir(join(paths.home, '.travis'), { recursive: true })
  await writeFile(paths.shimPath, tmateShim(paths.socketPath))
  await writeFile(paths.paneWrapperPath, paneWrapper())
  await writeFile(paths.renameNudgePath, renameNudge(paths.socketPath))
  await Promise.all([paths.shimPath, paths.paneWrapperPath, paths.renameNudgePath].map((file) => chmod(file, 0o755)))
  await writeFile(join(paths.home, '.bashrc'), bashrc(paths.binDir))
  await writeFile(join(paths.home, '.bash_profile'), BASH_PROFILE)
  await writeFile(join(paths.home, '.travis', 'debug_help'), TRAVIS_DEBUG_HELP)
  await writeFile(
    paths.startupMessagesPath,
    `${startupMessages(input.host, input.sshCommand, input.roSshCommand).join('\n')}\n`,
  )
  await writeFile(
    paths.configPath,
    tmuxConfig({
      statusFormat: await statusFormat(),
      paneWrapper: paths.paneWrapperPath,
      renameNudge: paths.renameNudgePath,
      sshCommand: input.sshCommand,
      roSshCommand: input.roSshCommand,
      countClients: input.countClients,
    }),
  )
  return paths
}
