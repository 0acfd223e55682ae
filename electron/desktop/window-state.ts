/**
 * The window's size and position, remembered per display: a laptop's own screen and the monitor it
 * is docked to each get the window where the user last left it there. Pure: the host reads the
 * displays and the file, and this decides.
 */

export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface DisplayInfo {
  readonly bounds: Rect
  readonly workArea: Rect
}

export interface SavedWindow {
  readonly bounds: Rect
  readonly maximized: boolean
}

export interface WindowStateFile {
  readonly version: 1
  /** The display the window was on when last saved. */
  readonly lastDisplay?: string
  readonly displays: Readonly<Record<string, SavedWindow>>
}

export interface WindowDefaults {
  readonly width: number
  readonly height: number
  readonly minWidth: number
  readonly minHeight: number
}

/** Enough for every monitor a user docks to; the oldest entries go first. */
export const MAX_REMEMBERED_DISPLAYS = 16

export const emptyWindowState = (): WindowStateFile => ({ version: 1, displays: {} })

/**
 * A display by its position and size in the desktop layout. Electron's display ids are not stable
 * across restarts on every platform; the layout is, for as long as the user keeps the setup.
 */
export function displayKey(display: DisplayInfo): string {
  const { x, y, width, height } = display.bounds
  return `${width}x${height}@${x},${y}`
}

/** The file's contents; entries that are not well-formed are dropped (the window then starts at its default). */
export function parseWindowState(raw: unknown): WindowStateFile {
  if (typeof raw !== 'object' || raw === null) return emptyWindowState()
  const { lastDisplay, displays } = raw as { lastDisplay?: unknown; displays?: unknown }
  const kept: Record<string, SavedWindow> = {}
  if (typeof displays === 'object' && displays !== null) {
    for (const [key, value] of Object.entries(displays).slice(-MAX_REMEMBERED_DISPLAYS)) {
      const saved = value as { bounds?: unknown; maximized?: unknown }
      if (isRect(saved?.bounds) && typeof saved.maximized === 'boolean') kept[key] = { bounds: saved.bounds, maximized: saved.maximized }
    }
  }
  return { version: 1, ...(typeof lastDisplay === 'string' ? { lastDisplay } : {}), displays: kept }
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false
  const rect = value as Record<string, unknown>
  return ['x', 'y', 'width', 'height'].every((field) => Number.isSafeInteger(rect[field])) && (rect.width as number) > 0 && (rect.height as number) > 0
}

/** Records the window's normal (not maximized) bounds on `display`, most recent last. */
export function rememberWindow(state: WindowStateFile, display: DisplayInfo, bounds: Rect, maximized: boolean): WindowStateFile {
  const key = displayKey(display)
  const { [key]: _previous, ...others } = state.displays
  const entries = Object.entries(others).slice(-(MAX_REMEMBERED_DISPLAYS - 1))
  return { version: 1, lastDisplay: key, displays: { ...Object.fromEntries(entries), [key]: { bounds: { ...bounds }, maximized } } }
}

/**
 * Where the window opens: on the display it was last on if that display is still connected, else on
 * the primary one; at the bounds saved for that display, moved and shrunk to fit inside its work
 * area (a resolution may have changed), or centred at the default size when nothing was saved.
 */
export function restoreWindow(
  state: WindowStateFile,
  displays: readonly DisplayInfo[],
  primary: DisplayInfo,
  defaults: WindowDefaults,
): { bounds: Rect; maximized: boolean } {
  const last = displays.find((display) => displayKey(display) === state.lastDisplay)
  const display = last ?? primary
  const saved = state.displays[displayKey(display)]
  const area = display.workArea
  const width = Math.min(Math.max(saved?.bounds.width ?? defaults.width, defaults.minWidth), area.width)
  const height = Math.min(Math.max(saved?.bounds.height ?? defaults.height, defaults.minHeight), area.height)
  const centredX = area.x + Math.round((area.width - width) / 2)
  const centredY = area.y + Math.round((area.height - height) / 2)
  const x = clamp(saved?.bounds.x ?? centredX, area.x, area.x + area.width - width)
  const y = clamp(saved?.bounds.y ?? centredY, area.y, area.y + area.height - height)
  return { bounds: { x, y, width, height }, maximized: saved?.maximized ?? false }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}
