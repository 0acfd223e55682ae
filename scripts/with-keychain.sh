#!/usr/bin/env bash
# Runs a command against a real OS keychain of its own: a private D-Bus session bus with
# gnome-keyring's Secret Service, unlocked with a throwaway password, in a temporary HOME.
# Nothing touches the user's own keyring, and everything is gone when the command ends, however
# it ends (its exit, Ctrl-C, SIGTERM, SIGHUP).
set -euo pipefail
if [ "${SHIPMATE_KEYCHAIN_HARNESS:-}" = 1 ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keychain: $tool is missing; run 'node scripts/system-deps.mjs --install'" >&2; exit 1; }
done
# dbus-run-session warns that it cannot raise its fd limit when not allowed to; that is harmless.
# The filter starts before the marker below is exported, so the clean-up leaves it to finish.
exec 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)

own_home=$HOME
home=$(mktemp -d "${TMPDIR:-/tmp}/shipmate-keychain.XXXXXX")

# Every process started from here on carries SHIPMATE_TEST_HOME=$home in its environment. The
# keyring daemon forks away from the bus and outlives it, and a command may leave servers behind:
# the marker finds them all, so the HOME with its keyring is not left in use or on disk.
strays() {
  local pid
  for pid in $(grep -lsz -- "^SHIPMATE_TEST_HOME=$home\$" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
    # Zombies have ended already; they wait only for a parent that is gone to be reaped.
    [ "$pid" != "$$" ] && ! grep -qs '^State:.*Z' "/proc/$pid/status" && echo "$pid"
  done
  return 0
}
cleanup() {
  trap - EXIT INT TERM HUP
  # The scan's own grep must not carry the marker, or it finds itself.
  export -n SHIPMATE_TEST_HOME
  local pids tries=0
  pids=$(strays)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    while [ -n "$(strays)" ] && [ $tries -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
    pids=$(strays)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
  rm -rf "$home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

export SHIPMATE_KEYCHAIN_HARNESS=1 SHIPMATE_TEST_HOME="$home" HOME="$home" XDG_DATA_HOME="$home/.local/share" \
  XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run" npm_config_cache="${npm_config_cache:-$own_home/.npm}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# gnome-keyring-daemon can abort on its own (42.x does when a client leaves the bus in the middle
# of a request, which tests that kill the app do). The bus then starts another at the next request,
# as the system's service file says, but that one would find the keyring locked and ask for the
# password on a screen there is none of. This service file comes first (the user's data directory
# is searched before the system's): the new daemon is unlocked with the same password and reads
# the same keyring from this HOME, so the command goes on with its secrets.
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
printf '#!/bin/sh\nprintf %%s shipmate-test | exec gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null\n' \
  >"$home/keyring-daemon"
chmod +x "$home/keyring-daemon"
printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$home/keyring-daemon" \
  >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service"
# Not exec: this shell stays to clean up. In the background, so a signal reaches its trap at once.
dbus-run-session -- bash -c '
  printf %s shipmate-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keychain "$@" <&0 &
set +e
wait $!
status=$?
exit "$status"
