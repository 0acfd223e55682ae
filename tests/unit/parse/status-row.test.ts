import { describe, expect, it } from 'vitest'
import { type StatusRow, findFiller, findSizeNotice, parseStatusRow } from '@shared/parse/status-row'

/** A row as @xterm/headless gives it: padded with blanks to the terminal width. */
const padded = (row: string, width = 120): string => row.padEnd(width, ' ')

function windowsOf(row: string, separator?: string): Extract<StatusRow, { kind: 'windows' }> {
  const result = parseStatusRow(row, separator)
  if (result.kind !== 'windows') throw new Error(`not a window list: ${JSON.stringify(result)}`)
  return result
}
const summary = (row: string, separator?: string): string[] =>
  windowsOf(row, separator).windows.map((w) => `${w.index}|${w.name}|${w.flags}${w.clipped ? '|clipped' : ''}`)

describe('window lists of a detached host (what a Travis debug session shows)', () => {
  it('reads one window, padded to the width', () => {
    expect(parseStatusRow(padded('0:bash*'))).toEqual({
      kind: 'windows',
      windows: [{ index: 0, name: 'bash', flags: '*', current: true, last: false, clipped: false }],
      left: '',
      right: '',
      truncatedLeft: false,
      truncatedRight: false,
      mates: undefined,
    })
  })

  it('reads the current and the last window', () => {
    const { windows } = windowsOf(padded('0:bash- 1:bash*'))
    expect(windows).toEqual([
      { index: 0, name: 'bash', flags: '-', current: false, last: true, clipped: false },
      { index: 1, name: 'bash', flags: '*', current: true, last: false, clipped: false },
    ])
  })

  it('reads windows without flags, which tmux follows with a space', () => {
    expect(summary(padded('0:bash  1:bash* 2:bash-'))).toEqual(['0|bash|', '1|bash|*', '2|bash|-'])
    expect(summary(padded('0:bash* 1:bash- 2:bash'))).toEqual(['0|bash|*', '1|bash|-', '2|bash|'])
  })

  it('reads the start-up copy-mode window name', () => {
    expect(summary(padded('0:[tmux]*'))).toEqual(['0|[tmux]|*'])
  })

  it('reads names with spaces', () => {
    expect(summary('0:my build* 1:bash-')).toEqual(['0|my build|*', '1|bash|-'])
    expect(summary('0:my build  1:bash*')).toEqual(['0|my build|', '1|bash|*'])
    expect(summary('0:npm run test -- --watch* 1:bash-')).toEqual(['0|npm run test -- --watch|*', '1|bash|-'])
    expect(summary(padded('0:bash- 1:npm run test -- --watch*'))).toEqual(['0|bash|-', '1|npm run test -- --watch|*'])
  })

  it('reads every flag tmux draws, in its order', () => {
    expect(summary('0:bash# 1:vim*Z 2:top!- 3:tail~ 4:log#M')).toEqual(['0|bash|#', '1|vim|*Z', '2|top|!-', '3|tail|~', '4|log|#M'])
  })

  it('keeps flag-like characters that belong to the name', () => {
    expect(summary('0:node-* 1:MZ-')).toEqual(['0|node-|*', '1|MZ|-'])
  })

  it('reads high window indexes', () => {
    expect(summary('9:bash  10:bash- 11:vim*')).toEqual(['9|bash|', '10|bash|-', '11|vim|*'])
  })

  it('reads a centred list', () => {
    expect(summary(padded('                                                     0:bash*'))).toEqual(['0|bash|*'])
  })
})

describe("the guard's mates separator", () => {
  it('reads the count from the separator after the only window', () => {
    const row = windowsOf(padded('0:bash* ⟦mates:2⟧ '))
    expect(row.mates).toBe(2)
    expect(summary(padded('0:bash* ⟦mates:2⟧ '))).toEqual(['0|bash|*'])
    expect(row.right).toBe('')
  })

  it('reads windows between separators', () => {
    const row = windowsOf('0:bash- ⟦mates:1⟧ 1:vim* ⟦mates:1⟧ ')
    expect(row.mates).toBe(1)
    expect(row.windows.map((w) => [w.index, w.name, w.current, w.last])).toEqual([
      [0, 'bash', false, true],
      [1, 'vim', true, false],
    ])
  })

  it('reads an unknown count and windows without flags', () => {
    const row = windowsOf(padded('0:bash  ⟦mates:?⟧ 1:my build* ⟦mates:?⟧ '))
    expect(row.mates).toBe('?')
    expect(row.windows.map((w) => `${w.name}|${w.flags}`)).toEqual(['bash|', 'my build|*'])
  })

  it('reads a count of zero', () => {
    expect(windowsOf('0:bash* ⟦mates:0⟧').mates).toBe(0)
  })

  it('reports no count when the guard is not running', () => {
    expect(windowsOf('0:bash*').mates).toBeUndefined()
  })
})

describe('other separators', () => {
  it('reads a known custom separator', () => {
    expect(summary('0:bash* |G:2| ', ' |G:2| ')).toEqual(['0|bash|*'])
    expect(summary('0:bash- |G:2| 1:vim* |G:2| ', ' |G:2| ')).toEqual(['0|bash|-', '1|vim|*'])
  })

  it('still finds the window before an unknown one, leaving the rest aside', () => {
    const row = windowsOf(padded('0:less* |G:14|'))
    expect(row.windows.map((w) => w.name)).toEqual(['less'])
    expect(row.right).toBe('|G:14|')
  })
})

describe('an attached host: status-left and status-right', () => {
  it('separates them from the list', () => {
    const row = windowsOf(padded('[0] 0:bash* 1:bash-    "vm" 23:47 27-Nov-26'))
    expect(row.left).toBe('[0]')
    expect(row.right).toBe('"vm" 23:47 27-Nov-26')
    expect(row.windows.map((w) => `${w.index}|${w.name}|${w.flags}`)).toEqual(['0|bash|*', '1|bash|-'])
  })

  it('does the same with a window without flags last', () => {
    const row = windowsOf('[0] 0:bash* 1:bash- 2:bash              "vm" 23:47 27-Nov-26')
    expect(row.windows.map((w) => w.name)).toEqual(['bash', 'bash', 'bash'])
    expect(row.right).toBe('"vm" 23:47 27-Nov-26')
  })

  it('reads a right side that counts clients', () => {
    expect(windowsOf('[0] 0:bash*            NUM=2 23:47').right).toBe('NUM=2 23:47')
  })
})

describe('truncated lists', () => {
  it('skips the cut first window after <', () => {
    const row = windowsOf(padded('<ash- 5:bash* 6:vim '))
    expect(row.truncatedLeft).toBe(true)
    expect(summary('<ash- 5:bash* 6:vim ')).toEqual(['5|bash|*', '6|vim|'])
  })

  it('marks a first window whose index may be cut', () => {
    expect(summary('<2:bash* 13:vim-')).toEqual(['2|bash|*|clipped', '13|vim|-'])
  })

  it('marks the last window cut by >', () => {
    const row = windowsOf('0:bash- 1:vim* 2:to>')
    expect(row.truncatedRight).toBe(true)
    expect(summary('0:bash- 1:vim* 2:to>')).toEqual(['0|bash|-', '1|vim|*', '2|to||clipped'])
  })

  it('reads both markers with status-left and status-right', () => {
    const row = windowsOf('[0] <h- 5:bash* 6:b> "vm" 23:47 27-Nov-26')
    expect(row).toMatchObject({ left: '[0]', right: '"vm" 23:47 27-Nov-26', truncatedLeft: true, truncatedRight: true })
    expect(row.windows.map((w) => w.index)).toEqual([5, 6])
  })

  // tmux takes an empty window-status-separator; a cut list with nothing after the cut item once
  // kept the parser looking for the next separator forever.
  it('gives up on a cut first window with an empty separator and nothing after it', () => {
    expect(parseStatusRow('<abc', '')).toEqual({ kind: 'message', text: '<abc' })
  })

  it('reads a > right after a separator, with the last window whole', () => {
    const row = windowsOf('0:bash- ⟦mates:1⟧ 1:vim* ⟦mates:1⟧ >')
    expect(row.truncatedRight).toBe(true)
    expect(row.windows.map((w) => [w.name, w.clipped])).toEqual([
      ['bash', false],
      ['vim', false],
    ])
  })
})

describe('messages instead of the list', () => {
  it('returns them so the caller keeps the tabs it had', () => {
    for (const text of [
      'No current client',
      'No client available',
      'client is read-only',
      "'exit' returned 1",
      '[tmate] A mate has joined (203.0.113.7) -- 1 client currently connected',
      '[tmate] A mate has left (2001:db8::7) -- 0 client currently connected',
      '[detached (from session default)]',
      '[server exited]',
      "can't find window: 3",
      'unknown command: frobnicate',
    ]) {
      expect(parseStatusRow(padded(text))).toEqual({ kind: 'message', text })
    }
  })

  it('treats any row without a window list as a message', () => {
    expect(parseStatusRow('Reconnecting... (Error connecting: Connection refused)')).toEqual({
      kind: 'message',
      text: 'Reconnecting... (Error connecting: Connection refused)',
    })
    expect(parseStatusRow('kill-window bash? (y/n)')).toEqual({ kind: 'message', text: 'kill-window bash? (y/n)' })
  })

  it('reports a blank row as empty', () => {
    expect(parseStatusRow('')).toEqual({ kind: 'empty' })
    expect(parseStatusRow(padded(''))).toEqual({ kind: 'empty' })
  })
})

describe('the smaller-client filler', () => {
  const notice = '(size 80x23 from a smaller client)'

  it('reads the size notice', () => {
    expect(findSizeNotice('·'.repeat(120 - notice.length) + notice)).toEqual({ width: 80, height: 23 })
    expect(findSizeNotice('0:bash*')).toBeUndefined()
  })

  it('finds where the filler starts after the right border', () => {
    expect(findFiller('x'.repeat(80) + '│' + '·'.repeat(39))).toEqual({ start: 81 })
    expect(findFiller('─'.repeat(80) + '┘' + '·'.repeat(39))).toEqual({ start: 81 })
  })

  it('finds a row of filler only, with or without the notice', () => {
    expect(findFiller('·'.repeat(120))).toEqual({ start: 0 })
    expect(findFiller('·'.repeat(120 - notice.length) + notice)).toEqual({ start: 0 })
  })

  it('does not take a · in pane text for filler', () => {
    expect(findFiller('a · b')).toBeUndefined()
    expect(findFiller('items: a · b ·')).toBeUndefined()
    expect(findFiller(padded('$ ls'))).toBeUndefined()
  })
})
