/**
 * The one line Shipmate types into an idle shell on the tmate host to start the session guard
 * (DESIGN.md §3 "Intruder alerts", reference/tmate-guard-channel.md). Everyone in the session sees
 * it typed, so it is kept short and ends with `clear`.
 *
 * The loop it starts, and why each part is there:
 * - `bash -c '…'` rather than `( … )`: the prompt may belong to zsh, dash or fish, which all pass a
 *   single-quoted word through unchanged, while the loop needs bash (`read -t` with a fraction,
 *   `printf -v`). It also names the loop in the host's process list.
 * - Only ASCII is typed: the marker's brackets (U+27E6/U+27E7) are made by `printf -v` from octal
 *   UTF-8 bytes, because a shell in the C locale can mangle typed multi-byte input.
 * - No fork of the loop per tick. Bash forks slowly (a fork and exec of a tiny program costs
 *   ~4 ms of CPU on a small VM, and a bash subshell for `$(…)` as much again), so the reads are
 *   made by a long-lived `sh` coprocess: the loop writes a line to it, and it answers with one
 *   `tmate display -p` (dash, Debian's and Ubuntu's sh, starts programs with vfork, at half the
 *   cost). The answer is prefixed with `n` so an empty count and a failed read (an empty line)
 *   differ. The pause is bash's builtin `read -t` on a pipe whose write end the loop holds
 *   (`3<> <(:)`), which never becomes readable, instead of a `sleep` process. Should `read`
 *   return at once (an old bash, no /dev/fd), `sleep 1` stops a busy loop.
 * - Publishes only changes; an empty count (a server without tmate-websocket) publishes `?`.
 * - Ends when `tmate display -p` has failed (or not answered) three times in a row: the session is
 *   gone. The coprocess ends with it, when its input closes.
 * - On exit, or when killed, it publishes `?` (the EXIT trap) so a stale count never stays up;
 *   it ignores SIGHUP and is disowned with its output on /dev/null, so closing the window it was
 *   typed in does not stop it.
 * - `display-message` appears only with `-p`: without it a detached tmate host crashes and the
 *   session ends for everyone. No `show-messages` (it only fails on a detached host).
 * - `\?` in the trap: a bare `?` would be expanded as a file name pattern.
 * - A leading space keeps the line out of bash history where HISTCONTROL ignores spaces (Ubuntu's
 *   default ~/.bashrc sets `ignoreboth`).
 * - The marker it publishes, ` ⟦mates:N⟧ `, is what `parseStatusRow` (shared/parse/status-row.ts) reads.
 */

/** Seconds between two reads of the count. */
export const GUARD_POLL_SECONDS = 0.5

/** Consecutive failed reads after which the loop decides the session has ended. */
export const GUARD_MAX_FAILURES = 3

/**
 * What the coprocess asks tmate for: the count behind an `n`, so that an empty count (`n`) and a
 * failed read (an empty line) can be told apart. Unquoted: `#` inside a word starts no comment.
 */
const COUNT_REQUEST = 'n#{tmate_num_clients}'

/** UTF-8 bytes of `⟦` and `⟧`, as octal escapes for `printf`. */
const OPEN_BRACKET = octalUtf8('⟦')
const CLOSE_BRACKET = octalUtf8('⟧')

/** The loop's bash script. It contains no single quote, so it can be wrapped in one. */
export function guardLoopScript(): string {
  return [
    'trap "" HUP',
    'exec 3<> <(:)',
    `printf -v a "${OPEN_BRACKET}"`,
    `printf -v b "${CLOSE_BRACKET}"`,
    's(){ tmate set -g window-status-separator " ${a}mates:$1$b ";}',
    'trap "s \\?" EXIT',
    `coproc sh -c "while read x;do tmate display -p ${COUNT_REQUEST}||echo;done"`,
    'p=',
    'e=0',
    `while echo>&\${COPROC[1]};read -t2 -u\${COPROC[0]} n&&[ "$n" ]&&e=0||((++e<${GUARD_MAX_FAILURES}));do n=\${n#n};n=\${n:-?}`,
    '[ "$n" = "$p" ]||s "$n"&&p=$n',
    `read -t${String(GUARD_POLL_SECONDS).replace(/^0/, '')} -u3`,
    '(($?>128))||sleep 1',
    'done',
  ].join(';')
}

/**
 * The keystrokes to type at the prompt of `shell`, without the final Enter. Redirecting the braces
 * rather than the loop also keeps the shell's job notice (`[1] 4242`) off the screen, and dash's
 * complaint that it has no `disown` (it needs none: dash does not hang up its jobs). fish before
 * 4.0 has no braces, and prints no job notice.
 */
export function guardLine(shell = 'bash'): string {
  const loop = `bash -c '${guardLoopScript()}'`
  const quiet = '</dev/null >/dev/null 2>&1'
  return shell === 'fish' ? ` ${loop} ${quiet} & disown;clear` : ` { ${loop} & disown; } ${quiet};clear`
}

function octalUtf8(char: string): string {
  return [...new TextEncoder().encode(char)].map((byte) => `\\${byte.toString(8)}`).join('')
}
