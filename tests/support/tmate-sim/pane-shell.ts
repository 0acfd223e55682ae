import { shellQuote } from './tmux-quote'

/** The seven build phases Travis exposes in a debug VM, as its debug-mode page lists them. */
export const TRAVIS_PHASES = [
  'before_install',
  'install',
  'before_script',
  'script',
  'after_success',
  'after_failure',
  'after_script',
] as const

/** What `travis_debug.sh` writes to ~/.travis/debug_help and `cat`s in the first window. */
export const TRAVIS_DEBUG_HELP = [
  'Run individual commands; or execute configured build phases with `travis_run_*` functions (e.g., `travis_run_before_install`).',
  // The reference records "+ docs link" without its wording; the bare URL stands in for it.
  'https://docs.travis-ci.com/user/running-build-in-debug-mode/',
  '',
].join('\n')

export const PROMPT = 'travis@sim:~$ '

/**
 * The pane shells' ~/.bashrc. PATH is set here (not only in the server environment) because a
 * login shell reads /etc/profile first, which resets PATH for root on Debian and would hide the
 * `tmate` shim.
 */
export function bashrc(binDir: string): string {
  const phases = TRAVIS_PHASES.map(
    (phase) => `travis_run_${phase}() {\n  echo "[tmate-sim] travis_run_${phase}: done"\n}`,
  )
  return [
    '# Written by the tmate simulator.',
    `export PATH=${shellQuote(binDir)}:"$PATH"`,
    // Literal `$` rather than `\\$`: the simulator may run as root, where `\\$` prints `#`.
    "PS1='travis@sim:\\w$ '",
    'unset PROMPT_COMMAND HISTFILE',
    ...phases,
    '',
  ].join('\n')
}

export const BASH_PROFILE = '# Written by the tmate simulator.\n[ -f ~/.bashrc ] && . ~/.bashrc\n'

/**
 * Every pane's first process. It runs the shell; when that shell was the session's last pane it
 * kills the tmux server before the pane closes. A tmate host whose last shell exits takes the
 * session down and viewers read `[server exited]`; tmux 3.3 would instead destroy the session
 * and tell its clients `[exited]`.
 */
export function paneWrapper(): string {
  return [
    '#!/bin/bash',
    '# Written by the tmate simulator: see pane-shell.ts.',
    '"$@"',
    'status=$?',
    `if [ "$(tmux display-message -p -t "$TMUX_PANE" '#{session_windows} #{window_panes}' 2>/dev/null)" = '1 1' ]; then`,
    '  tmux kill-server',
    'fi',
    'exit $status',
    '',
  ].join('\n')
}

/**
 * Starts `command` under the wrapper. The wrapper runs as `bash` (argv[0]) because tmux's
 * automatic-rename reads the foreground process's argv[0]: a window must be named `bash` from the
 * start, as on a tmate host, not after the wrapper hands the terminal to the shell.
 */
export function wrappedCommand(wrapperPath: string, command: string): string {
  return `exec -a bash /bin/bash ${shellQuote(wrapperPath)} ${command}`
}

/** New windows' shell: the host user's login bash. */
export function defaultCommand(wrapperPath: string): string {
  return wrappedCommand(wrapperPath, '/bin/bash -l')
}

/** The first window's command, as travis_debug.sh starts it: the help text, then a login shell. */
export function firstWindowCommand(wrapperPath: string): string {
  return wrappedCommand(wrapperPath, `/bin/bash -c 'cat ~/.travis/debug_help; /bin/bash -l'`)
}
