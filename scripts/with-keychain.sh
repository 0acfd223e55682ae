#!/usr/bin/env bash
# Runs a command against a real OS keychain of its own: a private D-Bus session bus with
# gnome-keyring's Secret Service, unlocked with a throwaway password, in a temporary HOME.
# Nothing touches the user's own keyring, and everything is gone when the command ends.
set -euo pipefail
if [ "${SHIPMATE_KEYCHAIN_HARNESS:-}" = 1 ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keychain: $tool is missing; run 'node scripts/system-deps.mjs --install'" >&2; exit 1; }
done
own_home=$HOME
home=$(mktemp -d "${TMPDIR:-/tmp}/shipmate-keychain.XXXXXX")
trap 'rm -rf "$home"' EXIT
export SHIPMATE_KEYCHAIN_HARNESS=1 SHIPMATE_TEST_HOME="$home" HOME="$home" XDG_DATA_HOME="$home/.local/share" \
  XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run" npm_config_cache="${npm_config_cache:-$own_home/.npm}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# dbus-run-session warns that it cannot raise its fd limit when not allowed to; that is harmless.
exec dbus-run-session -- bash -c '
  printf %s shipmate-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keychain "$@" 2> >(grep -v "Failed to set fd limit" >&2)
