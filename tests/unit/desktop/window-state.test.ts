import { describe, expect, it } from 'vitest'
import {
  displayKey,
  emptyWindowState,
  MAX_REMEMBERED_DISPLAYS,
  parseWindowState,
  rememberWindow,
  restoreWindow,
  type DisplayInfo,
} from '../../../electron/desktop/window-state'

const laptop: DisplayInfo = { bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } }
const monitor: DisplayInfo = { bounds: { x: 1440, y: 0, width: 2560, height: 1440 }, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } }
const defaults = { width: 1200, height: 800, minWidth: 720, minHeight: 480 }

describe('window size and position per display', () => {
  it('opens centred at the default size on the primary display the first time', () => {
    expect(restoreWindow(emptyWindowState(), [laptop, monitor], laptop, defaults)).toEqual({
      bounds: { x: 120, y: 63, width: 1200, height: 800 },
      maximized: false,
    })
  })

  it('reopens on the display it was last on, where it was left there', () => {
    let state = rememberWindow(emptyWindowState(), laptop, { x: 40, y: 60, width: 1000, height: 700 }, false)
    state = rememberWindow(state, monitor, { x: 2000, y: 100, width: 1600, height: 1000 }, true)
    expect(restoreWindow(state, [laptop, monitor], laptop, defaults)).toEqual({ bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true })
  })

  it('goes back to the place remembered for the laptop screen when the monitor is unplugged', () => {
    let state = rememberWindow(emptyWindowState(), laptop, { x: 40, y: 60, width: 1000, height: 700 }, false)
    state = rememberWindow(state, monitor, { x: 2000, y: 100, width: 1600, height: 1000 }, false)
    expect(restoreWindow(state, [laptop], laptop, defaults)).toEqual({ bounds: { x: 40, y: 60, width: 1000, height: 700 }, maximized: false })
  })

  it('moves and shrinks a window that no longer fits its display, never below the minimum size', () => {
    const smaller: DisplayInfo = { bounds: { x: 0, y: 0, width: 1024, height: 600 }, workArea: { x: 0, y: 0, width: 1024, height: 600 } }
    const state = { version: 1 as const, lastDisplay: displayKey(smaller), displays: { [displayKey(smaller)]: { bounds: { x: 900, y: -300, width: 1400, height: 200 }, maximized: false } } }
    expect(restoreWindow(state, [smaller], smaller, defaults)).toEqual({ bounds: { x: 0, y: 0, width: 1024, height: 480 }, maximized: false })
  })

  it('keeps at most a bounded number of displays, dropping the oldest', () => {
    let state = emptyWindowState()
    for (let i = 0; i < MAX_REMEMBERED_DISPLAYS + 3; i++) {
      const display = { bounds: { x: i * 100, y: 0, width: 800, height: 600 }, workArea: { x: i * 100, y: 0, width: 800, height: 600 } }
      state = rememberWindow(state, display, { x: i * 100, y: 0, width: 800, height: 600 }, false)
    }
    const keys = Object.keys(state.displays)
    expect(keys).toHaveLength(MAX_REMEMBERED_DISPLAYS)
    expect(keys[0]).toBe('800x600@300,0')
    expect(state.lastDisplay).toBe(`800x600@${(MAX_REMEMBERED_DISPLAYS + 2) * 100},0`)
  })

  it('reads a damaged or foreign file as far as it is sound, dropping the rest', () => {
    expect(parseWindowState(null)).toEqual(emptyWindowState())
    expect(parseWindowState('x')).toEqual(emptyWindowState())
    const parsed = parseWindowState({
      lastDisplay: 'a',
      displays: {
        a: { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true },
        b: { bounds: { x: 1, y: 2, width: -5, height: 400 }, maximized: false },
        c: { bounds: { x: '1', y: 2, width: 300, height: 400 }, maximized: false },
        d: { bounds: { x: 1, y: 2, width: 300, height: 400 } },
        e: null,
      },
    })
    expect(parsed).toEqual({ version: 1, lastDisplay: 'a', displays: { a: { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true } } })
  })
})
