import fc from 'fast-check'
import { describe, it } from 'vitest'
import { findFiller, findSizeNotice, parseStatusRow } from '@shared/parse/status-row'
import { STATUS_ROWS, anyText, outsideText } from './samples'

/** Flags as tmux orders them (`#!~` then `*` or `-`, then `M`, `Z`); the current window is `*`, the last one `-`. */
const flags = fc
  .tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom('', '*', '-'), fc.boolean(), fc.boolean())
  .map(([activity, bell, silence, mark, marked, zoomed]) => `${activity ? '#' : ''}${bell ? '!' : ''}${silence ? '~' : ''}${mark}${marked ? 'M' : ''}${zoomed ? 'Z' : ''}`)
/** Names a shell or a user gives windows, without the flag characters a name could end in. */
const windowName = fc.stringMatching(/^[a-z0-9_.][a-z0-9_. ]{0,10}[a-z0-9_.]$|^[a-z0-9_.]$/).filter((name) => !name.includes('  '))
const windows = fc.uniqueArray(fc.record({ index: fc.nat(99), name: windowName, flags }), {
  minLength: 1,
  maxLength: 6,
  selector: (window) => window.index,
})

/** tmux's default window format, `#I:#W` then the flags or a space, each followed by the separator. */
function drawn(list: readonly { index: number; name: string; flags: string }[], separator: string): string {
  return list.map((window) => `${window.index}:${window.name}${window.flags === '' ? ' ' : window.flags}${separator}`).join('')
}

describe('status rows from outside', () => {
  it('parse without throwing, with any separator', () => {
    fc.assert(
      fc.property(outsideText(STATUS_ROWS), fc.oneof(fc.constant(' '), anyText), (row, separator) => {
        const result = parseStatusRow(row, separator)
        if (result.kind === 'windows') {
          if (result.windows.length === 0) throw new Error('a window list without windows')
          for (const window of result.windows) if (!Number.isSafeInteger(window.index)) throw new Error(`index ${window.index}`)
        }
        findFiller(row)
        findSizeNotice(row)
      }),
    )
  })

  it('give back the windows tmux drew, padded to the terminal width', () => {
    fc.assert(
      fc.property(windows, fc.nat(40), (list, padding) => {
        const result = parseStatusRow(drawn(list, ' ') + ' '.repeat(padding))
        if (result.kind !== 'windows') throw new Error(`read as ${result.kind}`)
        const read = result.windows.map(({ index, name, flags: f }) => ({ index, name, flags: f }))
        if (JSON.stringify(read) !== JSON.stringify(list)) throw new Error(`read ${JSON.stringify(read)}`)
      }),
    )
  })

  it('give back the windows and the count of mates between the guard separators', () => {
    fc.assert(
      fc.property(windows, fc.oneof(fc.nat(50).map(String), fc.constant('?')), (list, mates) => {
        const result = parseStatusRow(drawn(list, ` ⟦mates:${mates}⟧ `).padEnd(200, ' '))
        if (result.kind !== 'windows') throw new Error(`read as ${result.kind}`)
        if (String(result.mates) !== mates) throw new Error(`mates ${result.mates}`)
        const read = result.windows.map(({ index, name, flags: f }) => ({ index, name, flags: f }))
        if (JSON.stringify(read) !== JSON.stringify(list)) throw new Error(`read ${JSON.stringify(read)}`)
      }),
    )
  })

  it('find the size notice tmate writes, with its numbers', () => {
    fc.assert(
      fc.property(anyText, fc.nat(9999), fc.nat(9999), (before, width, height) => {
        const notice = findSizeNotice(`${before.replaceAll('(size', '')}(size ${width}x${height} from a smaller client)`)
        if (notice?.width !== width || notice.height !== height) throw new Error(`found ${JSON.stringify(notice)}`)
      }),
    )
  })
})
