import { shellQuote } from './tmux-quote'

/**
 * tmux 3.3 re-evaluates automatic-rename only after a pane has new output (or an option
 * change), and redraws clients for the new name only on the server loop's next wake-up. So after
 * `q` left tmate's start-up message view, an idle shell's window kept showing `[tmux]` for
 * seconds, where tmate's tmux 2.2 renamed within its 500 ms name interval.
 *
 * This script, run from the pane-mode-changed hook, sets the global automatic-rename option to the
 * value it already has (a no-op for the option, but tmux marks every window for a fresh name),
 * then wakes the server right away and twice more, around tmux's 500 ms name timer. Its output must go
 * nowhere (run-shell would show it in the pane), and the delayed wake-up runs detached from the
 * job: a tmux server being killed waits for its run-shell jobs before it exits.
 */
export function renameNudge(socketPath: string): string {
  const tmux = `tmux -S ${shellQuote(socketPath)} -N`
  return [
    '#!/bin/sh',
    '# Written by the tmate simulator: see rename-nudge.ts.',
    'exec >/dev/null 2>&1',
    `${tmux} set-option -gw automatic-rename "$(${tmux} show-options -gwv automatic-rename)"`,
    `${tmux} display-message -p ''`,
    `(sleep 0.3; ${tmux} display-message -p ''; sleep 0.3; ${tmux} display-message -p '') &`,
    '',
  ].join('\n')
}
