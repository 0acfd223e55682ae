import { shellQuote } from './tmux-quote'

/*
 * The `tmate` command inside the panes (and behind `session.hostRun`). It passes commands to the
 * session's tmux server like the host's tmate client would, except where tmate 2.4 on a detached
 * host behaves differently from tmux 3.3:
 *
 * - tmate's format variables: `#{tmate_ssh}`, `#{tmate_num_clients}`, … are kept as tmux user
 *   options, so `#{tmate_x}` is rewritten to `#{@tmate_x}` (an unset option expands to nothing,
 *   which is what a server without websocket gives for tmate_num_clients and the web URLs).
 *   set-option and friends are left alone: a format stored in an option is expanded by the
 *   replica, which has no tmate_* values.
 * - The host has no attached client: session_attached reads 0, client_* formats read empty,
 *   list-clients prints nothing, show-messages fails with `no current client`.
 * - display-message without -p segfaults the host: the session dies for everyone.
 * - `wait tmate-ready` returns at once (the simulated session is ready when it exists).
 * - Killing the last window or pane, or the session, ends the tmate session: the host server exits,
 *   so viewers read `[server exited]` rather than tmux 3.3's `[exited]`.
 */
export function tmateShim(socketPath: string): string {
  return `#!/bin/bash
# Written by the tmate simulator: see tmate-shim.ts for what differs from plain tmux.
sock=${shellQuote(socketPath)}
# -N: like the host's tmate once its server is gone, fail instead of starting a new server.
t() { tmux -S "$sock" -N "$@"; }

# Global options of the tmate client. -S names the host socket; this shim always has one.
while [ $# -gt 0 ]; do
  case "$1" in
    -S|-L|-f) shift; [ $# -gt 0 ] && shift ;;
    -S?*|-L?*|-f?*|-u|-v|-vv|-2|-l|-q|-C|-CC) shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

crash() {
  echo 'lost server' >&2
  t kill-server 2>/dev/null
  exit 1
}

end_session() {
  t kill-server 2>/dev/null
  exit 0
}

# Sets REPLY (not printed: command substitution would eat trailing newlines of an argument).
rewrite() {
  local a=$1
  local p1='#{tmate_' r1='#{@tmate_' p2='#{?tmate_' r2='#{?@tmate_'
  local p3='#{session_attached}' p4='#{session_many_attached}' p5='#{client_' r5='#{@tmate_sim_no_client_'
  a=\${a//"$p1"/"$r1"}
  a=\${a//"$p2"/"$r2"}
  a=\${a//"$p3"/0}
  a=\${a//"$p4"/0}
  a=\${a//"$p5"/"$r5"}
  REPLY=$a
}

# True when display-message's flags (before its message) include -p.
has_print_flag() {
  local a i c
  while [ $# -gt 0 ]; do
    a=$1; shift
    case "$a" in
      --) return 1 ;;
      -?*)
        for ((i = 1; i < \${#a}; i++)); do
          c=\${a:i:1}
          case "$c" in
            p) return 0 ;;
            c|d|t) [ $((i + 1)) -eq \${#a} ] && shift; break ;;
          esac
        done ;;
      *) return 1 ;;
    esac
  done
  return 1
}

cmd=\${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  display-message|display)
    has_print_flag "$@" || crash ;;
  show-messages|showmsgs)
    echo 'no current client' >&2
    exit 1 ;;
  list-clients|lsc)
    exit 0 ;;
  wait-for|wait)
    [ "\${!#}" = tmate-ready ] && exit 0 ;;
  kill-session)
    end_session ;;
  kill-window|killw)
    case " $* " in *" -a "*) ;; *)
      [ "$(t display-message -p '#{session_windows}')" = 1 ] && end_session ;;
    esac ;;
  kill-pane|killp)
    case " $* " in *" -a "*) ;; *)
      [ "$(t display-message -p '#{session_windows} #{window_panes}')" = '1 1' ] && end_session ;;
    esac ;;
  set-option|set|set-window-option|setw|show-options|show|show-window-options|showw|'')
    exec tmux -S "$sock" -N \${cmd:+"$cmd"} "$@" ;;
esac

args=()
for a in "$@"; do rewrite "$a"; args+=("$REPLY"); done
exec tmux -S "$sock" -N "$cmd" "\${args[@]}"
`
}
