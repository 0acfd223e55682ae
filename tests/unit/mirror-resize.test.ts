import { describe, expect, it } from 'vitest'
import { ScreenMirror } from '../../electron/core/sessions/mirror'

/** Writes to the mirror and resolves once xterm.js has parsed it. */
function write(mirror: ScreenMirror, text: string): Promise<void> {
  return new Promise((resolve) => mirror.term.write(text, resolve))
}

describe('the screen mirror after the window shrinks', () => {
  // tmux keeps its viewers on the alternate screen, where xterm.js does not reflow: after a shrink
  // a row keeps its cells beyond the new width, which tmux's clear-to-end-of-line no longer reaches.
  it('reads rows and the cursor line only as wide as the screen, without the cells beyond it', async () => {
    const mirror = new ScreenMirror(80, 5)
    try {
      await write(mirror, `\x1b[?1049h\x1b[1;1H${'-'.repeat(69)}\x1b[5;1H0:bash*${' '.repeat(73)}`)
      mirror.resize(66, 5)
      await write(mirror, `\x1b[1;1H\x1b[Ktravis@sim:~$ \x1b[5;1H0:bash*${' '.repeat(59)}\x1b[1;15H`)
      expect(mirror.cursorLine()).toEqual({ before: 'travis@sim:~$ ', after: ' '.repeat(52), y: 0 })
      expect(mirror.row(0)).toBe('travis@sim:~$ ')
      expect(mirror.screenText().split('\n')[0]).toBe('travis@sim:~$')
      expect(mirror.lastRow()).toBe(`0:bash*${' '.repeat(59)}`)
    } finally {
      mirror.dispose()
    }
  })
})
