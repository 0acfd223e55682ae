import { describe, expect, it } from 'vitest'
import { PLAIN_STYLE, applySgr, stripAnsi, styleAfter, toSegments } from '@shared/parse/ansi'

const E = '\x1b'

describe('stripAnsi', () => {
  it('removes travis-build colours and the line clear', () => {
    expect(stripAnsi(`${E}[33;1mSetting up debug tools.${E}[0m`)).toBe('Setting up debug tools.')
    expect(stripAnsi(`travis_fold:start:install.1\r${E}[0K`)).toBe('travis_fold:start:install.1\r')
    expect(stripAnsi(`${E}[32;1mssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io${E}[0m`)).toBe('ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io')
  })

  it('keeps text without escapes as it is, including \\r, \\n and tabs', () => {
    const text = 'a\tb\r\nc'
    expect(stripAnsi(text)).toBe(text)
  })

  it('removes OSC strings ended by BEL or ST, keeping a hyperlink text', () => {
    expect(stripAnsi(`${E}]0;build title\x07after`)).toBe('after')
    expect(stripAnsi(`${E}]8;;https://travis-ci.com${E}\\link${E}]8;;${E}\\`)).toBe('link')
    expect(stripAnsi(`${E}]112\x07x`)).toBe('x')
  })

  it('removes private-mode CSI and short escapes a tmate viewer receives', () => {
    const start = `${E}[?1049h${E}[m${E}[?1l${E}>${E}[H${E}[J${E}[34h${E}[?25h${E}[?1000l`
    expect(stripAnsi(`${start}0:bash*`)).toBe('0:bash*')
    expect(stripAnsi(`${E}7saved${E}8`)).toBe('saved')
    expect(stripAnsi(`${E}(Bline${E}(0`)).toBe('line')
  })

  it('drops a sequence cut off at the end instead of showing its bytes', () => {
    expect(stripAnsi(`done${E}[33;`)).toBe('done')
    expect(stripAnsi(`done${E}`)).toBe('done')
    expect(stripAnsi(`done${E}]0;unfinished title`)).toBe('done')
  })

  it('ends a CSI at a byte that cannot belong to it', () => {
    expect(stripAnsi(`${E}[31\nnext`)).toBe('\nnext')
  })
})

describe('applySgr', () => {
  it('reads travis-build yellow bold and resets', () => {
    const yellow = applySgr(PLAIN_STYLE, '33;1')
    expect(yellow).toEqual({ fg: { kind: 'indexed', index: 3 }, bold: true })
    expect(applySgr(yellow, '0')).toBe(PLAIN_STYLE)
    expect(applySgr(yellow, '')).toBe(PLAIN_STYLE)
  })

  it('maps the 16 colours for foreground and background', () => {
    expect(applySgr(PLAIN_STYLE, '37').fg).toEqual({ kind: 'indexed', index: 7 })
    expect(applySgr(PLAIN_STYLE, '90').fg).toEqual({ kind: 'indexed', index: 8 })
    expect(applySgr(PLAIN_STYLE, '97').fg).toEqual({ kind: 'indexed', index: 15 })
    expect(applySgr(PLAIN_STYLE, '40').bg).toEqual({ kind: 'indexed', index: 0 })
    expect(applySgr(PLAIN_STYLE, '107').bg).toEqual({ kind: 'indexed', index: 15 })
    // tmate's status row: black on green.
    expect(applySgr(PLAIN_STYLE, '30;42')).toEqual({ fg: { kind: 'indexed', index: 0 }, bg: { kind: 'indexed', index: 2 } })
  })

  it('reads 256-colour and true-colour forms, with semicolons or colons', () => {
    expect(applySgr(PLAIN_STYLE, '38;5;208').fg).toEqual({ kind: 'indexed', index: 208 })
    expect(applySgr(PLAIN_STYLE, '48;5;17').bg).toEqual({ kind: 'indexed', index: 17 })
    expect(applySgr(PLAIN_STYLE, '38;2;255;128;0').fg).toEqual({ kind: 'rgb', r: 255, g: 128, b: 0 })
    expect(applySgr(PLAIN_STYLE, '38:5:208').fg).toEqual({ kind: 'indexed', index: 208 })
    expect(applySgr(PLAIN_STYLE, '38:2::10:20:30').fg).toEqual({ kind: 'rgb', r: 10, g: 20, b: 30 })
    expect(applySgr(PLAIN_STYLE, '48:2:10:20:30').bg).toEqual({ kind: 'rgb', r: 10, g: 20, b: 30 })
  })

  it('keeps reading after an extended colour', () => {
    expect(applySgr(PLAIN_STYLE, '38;5;1;1;4')).toEqual({ fg: { kind: 'indexed', index: 1 }, bold: true, underline: true })
  })

  it('ignores out-of-range colours instead of inventing one', () => {
    expect(applySgr(PLAIN_STYLE, '38;5;300')).toEqual({})
    expect(applySgr(PLAIN_STYLE, '38;2;1;2')).toEqual({})
  })

  it('switches attributes on and off', () => {
    const all = applySgr(PLAIN_STYLE, '1;2;3;4;7;9')
    expect(all).toEqual({ bold: true, dim: true, italic: true, underline: true, inverse: true, strikethrough: true })
    expect(applySgr(all, '22;23;24;27;29')).toEqual({})
    expect(applySgr(applySgr(PLAIN_STYLE, '31;44'), '39')).toEqual({ bg: { kind: 'indexed', index: 4 } })
    expect(applySgr(applySgr(PLAIN_STYLE, '31;44'), '49')).toEqual({ fg: { kind: 'indexed', index: 1 } })
    expect(applySgr(PLAIN_STYLE, '4:3')).toEqual({ underline: true })
    expect(applySgr(applySgr(PLAIN_STYLE, '4'), '4:0')).toEqual({})
  })

  it('returns the same style object for the same change, so styles compare cheaply', () => {
    expect(applySgr(PLAIN_STYLE, '32;1')).toBe(applySgr(PLAIN_STYLE, '32;1'))
  })
})

describe('toSegments', () => {
  it('splits a coloured Travis line into runs', () => {
    const { segments, style } = toSegments(`${E}[32;1mssh abc@ny2.tmate.io${E}[0m tail`)
    expect(segments).toEqual([
      { text: 'ssh abc@ny2.tmate.io', style: { fg: { kind: 'indexed', index: 2 }, bold: true } },
      { text: ' tail', style: {} },
    ])
    expect(style).toBe(PLAIN_STYLE)
  })

  it('carries the style in from the previous line and out to the next', () => {
    const red = applySgr(PLAIN_STYLE, '31')
    const { segments, style } = toSegments('still red', red)
    expect(segments).toEqual([{ text: 'still red', style: red }])
    expect(style).toBe(red)
  })

  it('merges runs whose style did not really change', () => {
    const { segments } = toSegments(`a${E}[0mb${E}[1m${E}[22mc`)
    expect(segments).toEqual([{ text: 'abc', style: {} }])
  })

  it('drops control characters such as SI and BEL but keeps tabs', () => {
    const { segments } = toSegments(`${E}[m\x0fcol1\tcol2\x07`)
    expect(segments).toEqual([{ text: 'col1\tcol2', style: {} }])
  })

  it('gives no segment for an empty or escape-only line', () => {
    expect(toSegments('').segments).toEqual([])
    expect(toSegments(`${E}[0K${E}[33;1m`).segments).toEqual([])
  })
})

describe('styleAfter', () => {
  it('gives the same end style as rendering the segments', () => {
    for (const line of [`${E}[33;1mYellow${E}[0m`, `${E}[31mopen red`, `${E}[38;5;208mx${E}[1m`, 'plain', `${E}[?25h${E}[4m`]) {
      expect(styleAfter(line, PLAIN_STYLE)).toEqual(toSegments(line).style)
    }
  })
})
