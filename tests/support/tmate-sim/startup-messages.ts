/**
 * The message log a tmate host shows in its pane's copy mode right after start (not in `-F`
 * mode), which viewers see through the replica: tmate's `tmate_session_start` tips, then the
 * notices a bare tmate-ssh-server (no websocket: no web URLs) sends while the host connects.
 */
export function startupMessages(host: string, sshCommand: string, roSshCommand: string): string[] {
  return [
    'Tip: if you wish to use tmate only for remote access, run: tmate -F',
    'To see the following messages again, run in a tmate session: tmate show-messages',
    'Press <q> or <ctrl-c> to continue',
    '-'.repeat(69),
    `Connecting to ${host}...`,
    'Note: clear your terminal before sharing readonly access',
    `ssh session read only: ${roSshCommand}`,
    `ssh session: ${sshCommand}`,
  ]
}
