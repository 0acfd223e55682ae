import { describe, expect, it } from 'vitest'
import { parseStatusRow, type GuardMarker, type StatusRow } from '@shared/parse/status-row'

function windowsOf(row: string): Extract<StatusRow, { kind: 'windows' }> {
  const result = parseStatusRow(row)
  if (result.kind !== 'windows') throw new Error(`not a window list: ${JSON.stringify(result)}`)
  return result
}

const loop = (mates: number | '?', tag: string | undefined, overwrites = 0): GuardMarker => ({ mates, tag, overwrites, oneShot: false })

describe('guard markers on the status row', () => {
  it('reads a loop’s tagged marker, with the overwrites it had to undo', () => {
    expect(windowsOf('0:bash* ⟦mates:2@k3x9q2⟧ '.padEnd(120)).markers).toEqual([loop(2, 'k3x9q2')])
    expect(windowsOf('0:bash* ⟦mates:2@k3x9q2+13⟧').markers).toEqual([loop(2, 'k3x9q2', 13)])
    expect(windowsOf('0:bash* ⟦mates:?@k3x9q2⟧').markers).toEqual([loop('?', 'k3x9q2')])
  })

  it('reads an untagged marker as one with no tag', () => {
    const row = windowsOf('0:bash* ⟦mates:1⟧')
    expect(row.markers).toEqual([loop(1, undefined)])
    expect(row.mates).toBe(1)
  })

  it('reads a one-time read, with or without a count, and keeps the window list whole', () => {
    const row = windowsOf('0:bash- @k3x9q2:2 1:my build* @k3x9q2:2 ')
    expect(row.markers).toEqual([{ mates: 2, tag: 'k3x9q2', overwrites: 0, oneShot: true }])
    expect(row.windows.map((w) => w.name)).toEqual(['bash', 'my build'])
    expect(row.right).toBe('')
    expect(windowsOf('0:bash* @k3x9q2:').markers).toEqual([{ mates: '?', tag: 'k3x9q2', overwrites: 0, oneShot: true }])
  })

  it('lists each different marker once, in order: a window with a separator of its own shows', () => {
    const row = windowsOf('0:bash- ⟦mates:1@k3x9q2⟧ 1:vim* ⟦mates:2@k3x9q2⟧ 2:sh ⟦mates:2@k3x9q2⟧')
    expect(row.markers).toEqual([loop(1, 'k3x9q2'), loop(2, 'k3x9q2')])
    expect(row.windows.map((w) => w.index)).toEqual([0, 1, 2])
  })

  it('takes no malformed tag for a marker', () => {
    for (const text of ['0:bash* ⟦mates:1@K3X9Q2⟧', '0:bash* ⟦mates:1@k3x9⟧', '0:bash* @k3x9:1', '0:bash* ⟦mates:1@k3x9q2+⟧']) {
      expect(windowsOf(text).markers, text).toBeUndefined()
    }
  })

  it('leaves rows without markers as they were', () => {
    expect(windowsOf('0:bash*')).not.toHaveProperty('markers')
    expect(windowsOf('0:me@host* 1:bash-').markers).toBeUndefined()
  })
})
