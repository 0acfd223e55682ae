/**
 * What Shipmate types into an idle shell on the tmate host: the line that starts the session guard
 * loop, and the shorter line that reads the client count once and asks a running loop for a fresh
 * count. Everyone in the session sees them typed, so they are kept short and ASCII-only.
 *
 * Why the loop has to be told apart from anyone else's writing: a viewer learns the count only
 * from the status row, and anybody with a shell on the host can put text there
 * (`tmate set -g window-status-separator …`). So every marker carries a tag, six random
 * characters Shipmate chooses for each connection. A tag only says who wrote a marker as long as
 * nobody has seen it; once it shows, anyone can copy it, so the loop also reads the separator back
 * on every tick and, when it finds a count other than its own there, puts its own back and counts
 * the overwrite in the marker (` ⟦mates:2@k3x9q2+1⟧ `). A copy therefore lasts about a second and
 * leaves a trace that Shipmate reports.
 *
 * The loop, and why each part is there:
 * - `bash -c '…'` rather than `( … )`: the prompt may belong to zsh, dash or fish, which all pass a
 *   single-quoted word through unchanged, while the loop needs bash (`read -t` with a fraction,
 *   `read -d ''`, `[[ =~ ]]`, `printf -v`). It also names the loop in the host's process list.
 * - Only ASCII is typed: the marker's brackets (U+27E6/U+27E7) are made by `printf -v` from octal
 *   UTF-8 bytes, because a shell in the C locale can mangle typed multi-byte input.
 * - No fork of the loop per tick. Bash forks slowly (a fork and exec of a tiny program costs
 *   ~4 ms of CPU on a small VM, and a bash subshell for `$(…)` as much again), so the reads are
 *   made by a long-lived `sh` coprocess: the loop writes a line to it, and it answers with one
 *   `tmate display -p` (dash, Debian's and Ubuntu's sh, starts programs with vfork, at half the
 *   cost). The pause is bash's builtin `read -t` on a pipe whose write end the loop holds
 *   (`3<> <(:)`), which never becomes readable, instead of a `sleep` process. Should `read`
 *   return at once (an old bash, no /dev/fd), `sleep 1` stops a busy loop.
 * - Requests and answers stay in step: after a read that timed out (a stalled host), the loop asks
 *   nothing new until that answer has come, so it never compares a count with an old separator.
 * - One read gives both the separator and the count: `:SEPARATOR:nCOUNT`. The count comes last,
 *   after the last `n`, because the separator is anybody's text and the count never holds an `n`;
 *   the leading `:` keeps `read` from trimming the separator's first blank. The coprocess ends each
 *   answer with a NUL byte, which no tmux option can hold, so a separator with line breaks in it
 *   can neither split an answer nor make the loop read an old one. A failed read is an empty
 *   answer.
 * - Publishes when its count changes, and when the separator no longer carries that count on two
 *   reads in a row: a marker with the same count (another guard's, an old untagged one) is left
 *   alone, and so is another count seen once, so two loops on one host do not fight. Loops read
 *   the count at different moments: when it goes 1 → 0 → 1 (a reconnect), one of them may publish
 *   the 0 the other never read, and the 1 on its next tick. Putting its count back also unsets a
 *   window's own separator, which would hide the global one on that window.
 * - A separator of the form ` @TAG:… ` is Shipmate asking for a fresh count (guardRequestLine):
 *   the loop takes the new tag and publishes at once, and counts TAG among its users.
 * - A separator of the form ` !TAG!TAG ` is Shipmate saying it no longer needs the loop
 *   (guardStopLine): those tags leave the users. With none left the loop puts back the separator
 *   it found when it started (read once with `show -gwv`; unset, back to tmux's default, when that
 *   was a marker or a request) and ends; otherwise it answers the user that asked last.
 * - A count of 0 for GUARD_IDLE_SECONDS means nobody is connected at all, so no Shipmate viewer is
 *   left: the loop ends the same way. A `?` count never ends it (there is no telling).
 * - An empty count (a server without tmate-websocket) publishes `?`.
 * - Ends when `tmate display -p` has failed (or not answered) three times in a row: the session is
 *   gone. The coprocess ends with it, when its input closes.
 * - On exit, or when killed, it publishes `?` (the EXIT trap) so a stale count never stays up;
 *   it ignores SIGHUP and is disowned with its output on /dev/null, so closing the window it was
 *   typed in does not stop it.
 * - `display-message` appears only with `-p`: without it a detached tmate host crashes and the
 *   session ends for everyone. No `show-messages` (it only fails on a detached host).
 * - `\?` in the trap: a bare `?` would be expanded as a file name pattern.
 * - A leading space keeps each line out of bash history where HISTCONTROL ignores spaces (Ubuntu's
 *   default ~/.bashrc sets `ignoreboth`).
 * - Each typed line ends by erasing itself from the screen (withErase), so the user finds the
 *   prompt as the VM left it.
 * - The markers are what `parseStatusRow` (shared/parse/status-row.ts) reads.
 */

/** Seconds between two reads of the count. */
export const GUARD_POLL_SECONDS = 0.5

/**
 * How long the loop goes on with nobody connected at all (a count of 0) before it puts the separator
 * back and ends: no Shipmate viewer is left to read it. Longer than a reconnect usually takes, so a
 * dropped connection comes back to the loop it left.
 */
export const GUARD_IDLE_SECONDS = 60

/** Consecutive failed reads after which the loop decides the session has ended. */
export const GUARD_MAX_FAILURES = 3

/** A tag: six of `0-9a-z`, as the status-row parser and the loop's request check accept it. */
export const GUARD_TAG = /^[0-9a-z]{6}$/

/** UTF-8 bytes of `⟦` and `⟧`, as octal escapes for `printf`. */
const OPEN_BRACKET = octalUtf8('⟦')
const CLOSE_BRACKET = octalUtf8('⟧')

/** The loop's bash script, publishing under `tag`. It contains no single quote, so it can be wrapped in one. */
export function guardLoopScript(tag: string, options: { idleSeconds?: number } = {}): string {
  checkTag(tag)
  const idleTicks = Math.max(1, Math.round((options.idleSeconds ?? GUARD_IDLE_SECONDS) / GUARD_POLL_SECONDS))
  return [
    'trap "" HUP',
    'exec 3<> <(:)',
    `printf -v a "${OPEN_BRACKET}"`,
    `printf -v b "${CLOSE_BRACKET}"`,
    `t=${tag}`,
    'o=window-status-separator',
    's(){ tmate set -g $o " ${a}mates:$1@$t${w:++$w}$b " \\; set -wu $o;}',
    'trap "s \\?" EXIT',
    // Leaves for good: the separator as it was before the guard (unset when that was a marker or a request).
    'R(){ trap - EXIT;[ "$r" ]&&tmate set -g $o "$r"||tmate set -gu $o;tmate set -wu $o;exit;}',
    // Inside bash's double quotes `$o` is expanded for sh, and `\\\\0` reaches printf as `\0`.
    'coproc sh -c "while read x;do tmate display -p :#{$o}:n#{tmate_num_clients};printf \\\\\\\\0;done"',
    // The count last published, failed reads in a row, an answer still due, overwrites, ticks with
    // nobody connected, a read that found someone else's count: empty, whatever the environment
    // held. The tags of the Shipmate viewers that use the loop, and the separator the loop found
    // (none when that was a marker or a request).
    'p= e= q= w= z= m=',
    'u=" $t "',
    'r=$(tmate show -gwv $o);[[ $r == *mates:* || $r =~ ^\\ @ ]]&&r=',
    // A read that timed out leaves its answer on the way: the next tick waits for it rather than ask again.
    `while ((q))||echo>&\${COPROC[1]};read -rd "" -t2 -u\${COPROC[0]} x;((q=$?>128))&&x=;[ "$x" ]&&e=0||((++e<${GUARD_MAX_FAILURES}));do n=\${x##*n};n=\${n:-?};x=\${x%:n*}`,
    // Shipmate asks for a fresh count under a new tag, and becomes one of the loop's users.
    '[[ $x =~ ^:\\ @([0-9a-z]{6}) ]]&&t=${BASH_REMATCH[1]}&&p=&&{ [[ $u == *" $t "* ]]||u+="$t ";}',
    // Shipmate no longer needs the loop: its tags leave the users; the last one out ends the loop.
    '[[ $x =~ ^:\\ !([0-9a-z!]+) ]]&&{ for k in ${BASH_REMATCH[1]//!/ };do u=${u// $k / };done;[[ ${u// } ]]||R;t=${u% };t=${t##* };p=;}',
    // Nobody at all connected for a while: no Shipmate viewer is left to read the count.
    `[ "$n" = 0 ]&&{ ((++z<${idleTicks}))||R;}||z=0`,
    // Someone else's count in the separator on two reads in a row, although ours has not changed: put ours back, and say so.
    '[[ $n != "$p" || ! $x || $x == *"mates:$n"[@$b]* ]]&&m=||{ ((m++))&&{ ((++w));p=;m=;};}',
    '[ "$n" = "$p" ]||s "$n"&&p=$n',
    `read -t${String(GUARD_POLL_SECONDS).replace(/^0/, '')} -u3`,
    '(($?>128))||sleep 1',
    'done',
  ].join(';')
}

/**
 * The keystrokes to start the loop at the prompt of `shell`, without the final Enter. Redirecting
 * the braces rather than the loop also keeps the shell's job notice (`[1] 4242`) off the screen,
 * and dash's complaint that it has no `disown` (it needs none: dash does not hang up its jobs).
 * fish before 4.0 has no braces, prints no job notice, and reads `\\` inside single quotes as one
 * backslash. `promptWidth` is how much of the cursor's row the prompt takes: see eraseTyped.
 */
export function guardLine(shell: string, tag: string, promptWidth = 0): string {
  const quiet = '</dev/null >/dev/null 2>&1'
  if (shell === 'fish') return withErase(shell, promptWidth, ` bash -c '${guardLoopScript(tag).replaceAll('\\', '\\\\')}' ${quiet} & disown`)
  return withErase(shell, promptWidth, ` { bash -c '${guardLoopScript(tag)}' & disown; } ${quiet}`)
}

/**
 * The keystrokes that read the count once, in the shell Shipmate typed into, and show it as
 * ` @TAG:N ` on the status row: a reading of Shipmate's own even when every loop on the host is
 * somebody else's. A running guard loop takes the separator as a request and answers with its
 * marker under TAG, which is how a reconnect reuses the loop already there. tmate builds the
 * whole value, so it is never empty: fish drops an argument whose substitution printed nothing,
 * and before 3.4 has no `$(…)` and substitutes nothing inside double quotes.
 */
export function guardRequestLine(shell: string, tag: string, promptWidth = 0): string {
  checkTag(tag)
  const read = `tmate display -p ' @${tag}:#{tmate_num_clients} '`
  return withErase(shell, promptWidth, ` tmate set -g window-status-separator ${shell === 'fish' ? `(${read})` : `"$(${read})"`}`)
}

/**
 * The keystrokes that tell the loop Shipmate no longer needs it: ` !TAG!TAG ` in the separator, with
 * every tag this app run used in the session. The loop drops them from its users; when none is
 * left it puts back the separator it found and ends, and otherwise answers the Shipmate viewers
 * still using it. Single quotes and no substitution: the same words in every shell.
 */
export function guardStopLine(shell: string, tags: readonly string[], promptWidth = 0): string {
  if (tags.length === 0) throw new Error('no guard tag to stop')
  for (const tag of tags) checkTag(tag)
  return withErase(shell, promptWidth, ` tmate set -g window-status-separator ' !${tags.join('!')} '`)
}

/**
 * Ends a typed line with a command that erases it, so the user finds their prompt as the VM left
 * it. `clear` would not do: besides wiping what the VM printed, tmux moves a cleared screen into
 * the pane's history, and pulls history back into view when the window grows, so the line came
 * back on a resize. Instead the cursor goes up over the rows the prompt and the line took, and
 * the screen is cleared from there down (`CSI A`, `CSI J`), which tmux does not keep in the
 * history; the shell then draws its next prompt where the old one was. The row count depends on
 * the pane's width, which only the shell knows for sure (a smaller client shrinks the window), so
 * the shell works it out from `stty size` (fish: $COLUMNS) and the line's length, which includes
 * this suffix and so is found by trying until it holds.
 */
export function withErase(shell: string, promptWidth: number, line: string): string {
  let length = promptWidth + line.length
  for (;;) {
    const erase =
      shell === 'fish'
        ? `;printf '\\r\\033[%dA\\033[J' (math -s0 "(${length} - 1) / $COLUMNS + 1")`
        : `;printf '\\r\\033[%dA\\033[J' $(((${length}-1)/$(stty size|cut -d" " -f2)+1))`
    const total = promptWidth + line.length + erase.length
    if (total === length) return line + erase
    length = total
  }
}

function checkTag(tag: string): void {
  if (!GUARD_TAG.test(tag)) throw new Error(`not a guard tag: ${JSON.stringify(tag)}`)
}

function octalUtf8(char: string): string {
  return [...new TextEncoder().encode(char)].map((byte) => `\\${byte.toString(8)}`).join('')
}
