import { describe, expect, it } from 'vitest'
import { parseStatusRow } from '@shared/parse/status-row'

/**
 * A viewer whose tmux client is not UTF-8 (plain tmux over SSH without a UTF-8 locale) sees every
 * non-ASCII character of the status row as `_`, the guard marker's brackets included.
 */
describe('the guard marker on a client that draws no UTF-8', () => {
  it('is read like the UTF-8 one, and the windows around it stay windows', () => {
    for (const [open, close] of [['⟦', '⟧'], ['_', '_']]) {
      const row = parseStatusRow(`0:bash- ${open}mates:2@k3x9q2${close} 1:vim* ${open}mates:2@k3x9q2${close}`)
      expect(row.kind).toBe('windows')
      if (row.kind !== 'windows') return
      expect(row.windows.map((w) => `${w.index}:${w.name}${w.flags}`)).toEqual(['0:bash-', '1:vim*'])
      expect(row.markers).toEqual([{ mates: 2, tag: 'k3x9q2', overwrites: 0, oneShot: false }])
    }
  })

  it('reads ? and an overwrite count the same way', () => {
    const row = parseStatusRow('0:bash* _mates:?@k3x9q2+3_')
    expect(row.kind === 'windows' && row.markers).toEqual([{ mates: '?', tag: 'k3x9q2', overwrites: 3, oneShot: false }])
  })

  it('leaves a window whose name merely contains mates: alone', () => {
    const row = parseStatusRow('0:my_mates:2_list*')
    expect(row.kind === 'windows' && row.windows.map((w) => w.name)).toEqual(['my_mates:2_list'])
    expect(row.kind === 'windows' && row.markers).toBeUndefined()
  })
})
