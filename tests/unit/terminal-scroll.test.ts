import { Terminal } from '@xterm/headless'
import { Terminal as PageTerminal } from '@xterm/xterm'
import { describe, expect, it } from 'vitest'
import { recycleScrolledRows } from '@shared/terminal-scroll'
import { ScreenMirror } from '../../electron/core/sessions/mirror'

const COLS = 40
const ROWS = 12

/** The core's mirror runs xterm.js's headless package, the page its browser package (parsing needs no DOM). */
const PACKAGES = { headless: Terminal, page: PageTerminal as unknown as typeof Terminal }

function terminal(scrollback: number, recycled: boolean, Package = Terminal): Terminal {
  const term = new Package({ cols: COLS, rows: ROWS, scrollback, allowProposedApi: true })
  if (recycled) expect(recycleScrolledRows(term)).toBe(true)
  return term
}

const write = (term: Terminal, text: string) => new Promise<void>((resolve) => term.write(text, resolve))

/** Everything a scroll can change: each row's text, wrapping and colours, the cursor and the view. */
function state(term: Terminal) {
  const buffer = term.buffer.active
  const rows = []
  for (let index = 0; index < buffer.length; index++) {
    const line = buffer.getLine(index)
    const first = line?.getCell(0)
    const last = line?.getCell(COLS - 1)
    rows.push([line?.translateToString(true), line?.isWrapped, first?.getBgColor(), first?.getFgColor(), last?.getBgColor()])
  }
  return { rows, cursor: [buffer.cursorX, buffer.cursorY], baseY: buffer.baseY, viewportY: buffer.viewportY }
}

/** The rows xterm.js holds (its own objects, which the public API wraps anew on every read). */
function rowObjects(term: Terminal): Set<object> {
  const lines = (term as unknown as { _core: { _bufferService: { buffer: { lines: { length: number; get(i: number): object } } } } })._core
    ._bufferService.buffer.lines
  return new Set(Array.from({ length: lines.length }, (_, index) => lines.get(index)))
}

/**
 * A flood as tmux draws it: numbered lines (some longer than the screen, so they wrap), some with a
 * background colour still set when the line feed scrolls (the new row is erased in that colour).
 */
function flood(lines: number): string {
  let text = ''
  for (let index = 0; index < lines; index++) {
    const long = index % 5 === 0 ? ` ${'x'.repeat(COLS)}` : ''
    text += index % 3 === 0 ? `\x1b[44mline ${index}${long}\r\n\x1b[0m` : `line ${index}${long}\r\n`
  }
  return text
}

const STATUS_BELOW = `\x1b[1;${ROWS - 1}r\x1b[${ROWS};1H[status]\x1b[1;1H`
const STATUS_ABOVE = `\x1b[2;${ROWS}r\x1b[1;1H[status]\x1b[2;1H`

describe('recycleScrolledRows', () => {
  for (const [name, region] of [
    ['a region above the status row (tmux)', STATUS_BELOW],
    ["the same on the alternate screen (where tmux keeps its viewers)", `\x1b[?1049h${STATUS_BELOW}`],
    ['a region below a status row at the top', STATUS_ABOVE],
    ['no region', ''],
  ] as const) {
    for (const scrollback of [0, 100]) {
      it(`leaves the same buffer as xterm.js alone: ${name}, scrollback ${scrollback}`, async () => {
        const plain = terminal(scrollback, false)
        const recycled = terminal(scrollback, true)
        for (const term of [plain, recycled]) {
          await write(term, region)
          await write(term, flood(500))
        }
        expect(state(recycled)).toEqual(state(plain))
        if (region !== '') expect(state(recycled).rows.filter((row) => row[0] === '[status]')).toHaveLength(1)
      })
    }
  }

  it('keeps the view where the user scrolled it, as xterm.js does', async () => {
    const plain = terminal(100, false)
    const recycled = terminal(100, true)
    for (const term of [plain, recycled]) {
      await write(term, STATUS_BELOW)
      await write(term, flood(300))
      term.scrollLines(-20)
      await write(term, flood(30))
    }
    expect(state(recycled).viewportY).toBeLessThan(state(recycled).baseY)
    expect(state(recycled)).toEqual(state(plain))
  })

  for (const [name, Package] of Object.entries(PACKAGES)) {
    it(`scrolls a full region with the rows already there, where xterm.js allocates new ones (${name} package)`, async () => {
      const plain = terminal(0, false, Package)
      const recycled = terminal(0, true, Package)
      for (const term of [plain, recycled]) await write(term, STATUS_BELOW)
      const before = { plain: rowObjects(plain), recycled: rowObjects(recycled) }
      for (const term of [plain, recycled]) await write(term, flood(200))
      const reused = (after: Set<object>, earlier: Set<object>) => [...after].filter((row) => earlier.has(row)).length
      expect(reused(rowObjects(recycled), before.recycled)).toBe(ROWS)
      expect(reused(rowObjects(plain), before.plain)).toBeLessThan(ROWS)
      expect(state(recycled)).toEqual(state(plain))
    })
  }

  it("is on in the core's screen mirror", async () => {
    const mirror = new ScreenMirror(COLS, ROWS)
    try {
      await write(mirror.term, STATUS_BELOW)
      // The mirror keeps a scrollback of 1000 lines: rows are reused once it is full.
      await write(mirror.term, flood(1100))
      const before = rowObjects(mirror.term)
      await write(mirror.term, flood(200))
      expect([...rowObjects(mirror.term)].every((row) => before.has(row))).toBe(true)
      expect(mirror.lastRow()).toBe('[status]')
    } finally {
      mirror.dispose()
    }
  })

  it('says so and changes nothing where the internals are not there', () => {
    expect(recycleScrolledRows({})).toBe(false)
    expect(recycleScrolledRows({ _core: { _bufferService: { scroll: 'no' } } })).toBe(false)
  })
})
