import { withErase } from './guard-script'

/**
 * The keep-alive for a Travis debug job in echo mode, typed at an idle prompt when the user asks.
 *
 * Travis's worker ends a job whose log has had no output for ten minutes ("No output has been
 * received in the last 10m0s…", the job errors). In quiet mode the debug script prints a dot into
 * the log every minute. In echo mode it copies the session's first pane into the log instead
 * (`tmate pipe-pane 'cat >> /tmp/travis_debug.pipe'`, which the build step reads with `cat`), so a
 * session left idle ends with its job.
 *
 * The keep-alive gives that pane output nobody sees: once a minute, when the piped pane's window
 * has shown nothing for a minute, it writes an SGR reset (`ESC [0m`) to the pane's terminal. tmux
 * draws nothing for it (at a prompt, or when a program has finished drawing, the colours are
 * already reset), the pipe copies it into the job log, where it shows as nothing (Travis's own
 * debug lines end with the same sequence), and the worker counts it as output.
 *
 * - `sh`, not bash, and one `tmate list-panes` a minute: it finds the piped pane (`#{pane_pipe}`)
 *   each time, so nothing depends on where the pipe writes. No pane is piped in quiet mode: it
 *   then writes nothing.
 * - A tmate without `#{window_activity}` prints nothing for it: the reset is then written every
 *   minute.
 * - It ends with the session (`tmate has-session` fails), ignores SIGHUP and is disowned with its
 *   output on /dev/null, like the session guard, and its typed line erases itself.
 */

/** How often the keep-alive looks, and how long the piped window must have been quiet. */
export const KEEP_ALIVE_SECONDS = 60

/** The loop, for `sh -c '…'`: it holds no single quote. */
export function keepAliveScript(everySeconds = KEEP_ALIVE_SECONDS): string {
  const seconds = Math.max(1, Math.round(everySeconds))
  return [
    'trap "" HUP',
    `while sleep ${seconds};tmate has-session 2>/dev/null;do set -- $(tmate list-panes -a -F "#{pane_pipe} #{pane_tty} #{window_activity}"|grep "^1 ")`,
    `[ $# -ge 2 ]&&[ $(($(date +%s)-\${3:-0})) -ge ${seconds} ]&&printf "\\033[0m" >>"$2"`,
    'done',
  ].join(';')
}

/** The keystrokes that start the keep-alive at the prompt of `shell`, without the final Enter. */
export function keepAliveLine(shell: string, promptWidth = 0, everySeconds = KEEP_ALIVE_SECONDS): string {
  const quiet = '</dev/null >/dev/null 2>&1'
  const script = keepAliveScript(everySeconds)
  if (shell === 'fish') return withErase(shell, promptWidth, ` sh -c '${script.replaceAll('\\', '\\\\')}' ${quiet} & disown`)
  return withErase(shell, promptWidth, ` { sh -c '${script}' & disown; } ${quiet}`)
}
