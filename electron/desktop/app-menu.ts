import type { MenuItemConstructorOptions } from 'electron'

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform
  /** Reload and the developer tools are for development builds only. */
  readonly development: boolean
  readonly appName: string
  readonly newSessionFromSsh: () => void
  /** The project's README: its web page, or the copy shipped with the app. */
  readonly openReadme: () => void
  /** Absent when the project's issue tracker is unknown (no `bugs` or `repository` in package.json); the item is then shown disabled. */
  readonly reportProblem?: () => void
}

/**
 * The application menu. Copy and paste are the standard roles, which also reach the terminal (xterm.js
 * answers the copy and paste events they raise). Off macOS, Ctrl+C and Ctrl+V belong to the shell in
 * the terminal, so the menu uses Ctrl+Shift+C and Ctrl+Shift+V there, the shortcuts the terminal
 * view already takes; on macOS Cmd+C and Cmd+V do not collide with the shell.
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  }
  template.push({
    label: '&File',
    submenu: [
      { label: 'New session from SSH command…', accelerator: 'CmdOrCtrl+Shift+N', click: () => options.newSessionFromSsh() },
      { type: 'separator' },
      { role: 'close', label: 'Close window' },
      ...(mac ? [] : [{ role: 'quit' } as const]),
    ],
  })
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut', ...(mac ? {} : { accelerator: 'Ctrl+Shift+X' }) },
      // Off macOS the terminal view takes Ctrl+Shift+C and Ctrl+Shift+V itself (and asks before a
      // multi-line paste): the menu shows them but leaves the keys to the page, so one press never
      // copies or pastes twice. Chosen from the menu, the roles still reach the terminal.
      { role: 'copy', ...(mac ? {} : { accelerator: 'Ctrl+Shift+C', registerAccelerator: false }) },
      { role: 'paste', ...(mac ? {} : { accelerator: 'Ctrl+Shift+V', registerAccelerator: false }) },
      { role: 'selectAll', ...(mac ? {} : { accelerator: 'Ctrl+Shift+A' }) },
    ],
  })
  template.push({
    label: '&View',
    submenu: [
      ...(options.development ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  })
  template.push({ role: 'windowMenu' })
  template.push({
    role: 'help',
    submenu: [
      { label: 'README', click: () => options.openReadme() },
      { label: 'Report a problem', enabled: options.reportProblem !== undefined, click: () => options.reportProblem?.() },
    ],
  })
  return template
}
