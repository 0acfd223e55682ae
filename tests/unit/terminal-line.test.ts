import { Terminal } from '@xterm/headless'
import { describe, expect, it } from 'vitest'
import { lineText, type TerminalLine } from '@shared/terminal-line'

const write = (term: Terminal, text: string) => new Promise<void>((resolve) => term.write(text, resolve))

/** The rule spelled out cell by cell: up to the last cell that was written (a blank counts), within the screen. */
function cellByCell(line: TerminalLine, cols: number, trimRight: boolean): string {
  let end = Math.min(cols, line.length)
  while (trimRight && end > 0 && line.getCell(end - 1)?.getChars() === '' && line.getCell(end - 1)?.getWidth() === 1) end -= 1
  return line.translateToString(false, 0, end)
}

describe('lineText', () => {
  it('reads each row as the cells written on it, blanks written included, and trims only the cells never written', async () => {
    const term = new Terminal({ cols: 20, rows: 8, allowProposedApi: true })
    await write(
      term,
      [
        'travis@sim:~$ ls',
        'two blanks  ',
        '\x1b[44mcoloured\x1b[K\x1b[0m',
        `${'x'.repeat(18)}中`,
        'é and 中文',
        '',
        '   leading',
      ].join('\r\n'),
    )
    const buffer = term.buffer.active
    const rows = Array.from({ length: 8 }, (_, row) => buffer.getLine(row) as TerminalLine)
    expect(rows.map((line) => lineText(line, 20, true))).toEqual([
      'travis@sim:~$ ls',
      'two blanks  ',
      'coloured',
      `${'x'.repeat(18)}中`,
      'é and 中文',
      '',
      '   leading',
      '',
    ])
    for (const trimRight of [true, false]) {
      expect(rows.map((line) => lineText(line, 20, trimRight))).toEqual(rows.map((line) => cellByCell(line, 20, trimRight)))
    }
    expect(lineText(rows[0], 20, false)).toHaveLength(20)
    expect(lineText(undefined, 20, true)).toBe('')
  })

  it('leaves out the cells a row keeps beyond the screen after it shrank', async () => {
    const term = new Terminal({ cols: 30, rows: 3, allowProposedApi: true })
    await write(term, `\x1b[?1049h\x1b[1;1H${'-'.repeat(28)}\x1b[2;1Hshort`)
    term.resize(10, 3)
    await write(term, '\x1b[1;1H\x1b[Kab')
    const line = term.buffer.active.getLine(0) as TerminalLine
    expect(line.length).toBeGreaterThan(10)
    expect(lineText(line, 10, true)).toBe('ab')
    expect(lineText(line, 10, false)).toBe(`ab${' '.repeat(8)}`)
  })
})
