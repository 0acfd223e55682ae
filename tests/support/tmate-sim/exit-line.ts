const LEAVE_ALT_SCREEN = '\x1b[?1049l'
const ENTER_ALT_SCREEN = '\x1b[?1049h'

/**
 * Makes a viewer's last line end like tmate's: tmux 3.3's client prints `[server exited]\r\n`
 * (and `[detached (from session default)]\r\n`) after leaving the alternate screen, where a
 * tmate-ssh-server viewer receives `…]\r\r\n`. Only text after the client has
 * left the alternate screen is touched, which for tmux is just that closing message.
 */
export class ExitLineRewriter {
  private leftAltScreen = false
  /** The end of the previous chunk, so an escape sequence split across two reads is still seen. */
  private tail = ''

  transform(chunk: Buffer): Buffer {
    const text = chunk.toString('latin1')
    const probe = this.tail + text
    this.tail = probe.slice(-(LEAVE_ALT_SCREEN.length - 1))
    const leaveAt = probe.lastIndexOf(LEAVE_ALT_SCREEN)
    const enterAt = probe.lastIndexOf(ENTER_ALT_SCREEN)
    let from = -1
    if (leaveAt >= 0 && leaveAt > enterAt) {
      this.leftAltScreen = true
      from = Math.max(0, leaveAt + LEAVE_ALT_SCREEN.length - (probe.length - text.length))
    } else if (enterAt >= 0) {
      this.leftAltScreen = false
    } else if (this.leftAltScreen) {
      from = 0
    }
    if (from < 0) return chunk
    const rewritten = text.slice(from).replace(/(?<!\r)\r\n/g, '\r\r\n')
    return Buffer.from(text.slice(0, from) + rewritten, 'latin1')
  }
}
