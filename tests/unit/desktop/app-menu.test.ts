import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { appMenuTemplate, type AppMenuOptions } from '../../../electron/desktop/app-menu'

const options = (overrides: Partial<AppMenuOptions> = {}): AppMenuOptions => ({
  platform: 'linux',
  development: false,
  appName: 'Shipmate',
  newSessionFromSsh: () => {},
  openReadme: () => {},
  reportProblem: () => {},
  ...overrides,
})

const submenu = (template: MenuItemConstructorOptions[], label: string | RegExp): MenuItemConstructorOptions[] => {
  const menu = template.find((item) => (typeof label === 'string' ? item.label === label || item.role === label : label.test(item.label ?? '')))
  if (!menu) throw new Error(`no menu ${String(label)}`)
  return menu.submenu as MenuItemConstructorOptions[]
}
const roles = (items: MenuItemConstructorOptions[]) => items.filter((item) => item.role).map((item) => item.role)
const item = (items: MenuItemConstructorOptions[], label: string) => items.find((entry) => entry.label === label)

describe('the application menu', () => {
  it('has the macOS app menu only on macOS, with quit there instead of under File', () => {
    const mac = appMenuTemplate(options({ platform: 'darwin' }))
    expect(mac[0]?.label).toBe('Shipmate')
    expect(roles(submenu(mac, 'Shipmate'))).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(roles(submenu(mac, '&File'))).toEqual(['close'])
    const linux = appMenuTemplate(options())
    expect(linux.map((menu) => menu.label ?? menu.role)).toEqual(['&File', '&Edit', '&View', 'windowMenu', 'help'])
    expect(roles(submenu(linux, '&File'))).toEqual(['close', 'quit'])
  })

  it('File → New session from SSH command… runs the paste flow action; Close window closes the window', () => {
    const newSession = vi.fn()
    const file = submenu(appMenuTemplate(options({ newSessionFromSsh: newSession })), '&File')
    const entry = item(file, 'New session from SSH command…')
    expect(entry?.accelerator).toBe('CmdOrCtrl+Shift+N')
    ;(entry?.click as () => void)()
    expect(newSession).toHaveBeenCalledTimes(1)
    expect(file.find((e) => e.role === 'close')?.label).toBe('Close window')
  })

  it('copy and paste use the terminal\'s shortcuts off macOS (Ctrl+Shift) and the platform\'s own on macOS', () => {
    const linux = submenu(appMenuTemplate(options()), '&Edit')
    expect(linux.filter((e) => e.role === 'copy' || e.role === 'paste' || e.role === 'selectAll').map((e) => [e.role, e.accelerator])).toEqual([
      ['copy', 'Ctrl+Shift+C'],
      ['paste', 'Ctrl+Shift+V'],
      ['selectAll', 'Ctrl+Shift+A'],
    ])
    // The terminal view handles those two keys itself: the menu shows them without taking them, so a press pastes once.
    expect(linux.filter((e) => e.registerAccelerator === false).map((e) => e.role)).toEqual(['copy', 'paste'])
    const windows = submenu(appMenuTemplate(options({ platform: 'win32' })), '&Edit')
    expect(windows.find((e) => e.role === 'copy')?.accelerator).toBe('Ctrl+Shift+C')
    expect(windows.find((e) => e.role === 'paste')?.registerAccelerator).toBe(false)
    const mac = submenu(appMenuTemplate(options({ platform: 'darwin' })), '&Edit')
    expect(mac.filter((e) => e.role === 'copy' || e.role === 'paste').map((e) => [e.accelerator, e.registerAccelerator])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ])
  })

  it('offers reload and developer tools in development builds only', () => {
    expect(roles(submenu(appMenuTemplate(options({ development: true })), '&View'))).toEqual([
      'reload',
      'toggleDevTools',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ])
    expect(roles(submenu(appMenuTemplate(options()), '&View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
  })

  it('Help opens the README and the problem report; the report is disabled when the issue tracker is unknown', () => {
    const readme = vi.fn()
    const report = vi.fn()
    const help = submenu(appMenuTemplate(options({ openReadme: readme, reportProblem: report })), 'help')
    ;(item(help, 'README')?.click as () => void)()
    ;(item(help, 'Report a problem')?.click as () => void)()
    expect([readme.mock.calls.length, report.mock.calls.length]).toEqual([1, 1])
    const unknown = submenu(appMenuTemplate(options({ reportProblem: undefined })), 'help')
    expect(unknown.map((e) => [e.label, e.enabled])).toEqual([
      ['README', undefined],
      ['Report a problem', false],
    ])
  })
})
