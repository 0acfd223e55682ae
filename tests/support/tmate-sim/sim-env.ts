/**
 * The environment every process of a simulated session starts from. It is built from scratch
 * instead of inheriting the test runner's, so nothing from vitest (or an enclosing tmux: TMUX,
 * TMUX_PANE) leaks into the panes, and the panes see the same locale on every machine.
 */
export function simEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    SHELL: '/bin/bash',
    USER: 'travis',
    LOGNAME: 'travis',
    ...extra,
  }
}
