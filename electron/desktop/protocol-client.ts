/**
 * The executable and arguments that register this app for `shipmate:` links. A packaged app is
 * launched as itself (both left out); in development Electron runs the app folder, which must be
 * passed again or a clicked link would start a bare Electron.
 */
export function protocolClientArgs(
  defaultApp: boolean,
  execPath: string,
  argv: readonly string[],
  resolvePath: (path: string) => string,
): { path?: string; args?: string[] } {
  const appPath = argv[1]
  if (!defaultApp || appPath === undefined) return {}
  return { path: execPath, args: [resolvePath(appPath)] }
}
