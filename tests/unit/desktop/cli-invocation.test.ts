import { describe, expect, it } from 'vitest'
import { cliInvocation } from '../../../electron/desktop/cli-invocation'

const packaged = (...args: string[]) => cliInvocation(['/usr/bin/shipmate', ...args], false)

describe('the installed shipmate command', () => {
  it('runs the CLI for its commands and flags, with every argument', () => {
    expect(packaged('accounts', 'list')).toEqual(['accounts', 'list'])
    expect(packaged('jobs', 'https://app.travis-ci.com/github/o/r/builds/1')).toEqual(['jobs', 'https://app.travis-ci.com/github/o/r/builds/1'])
    expect(packaged('--data-dir', '/tmp/x', 'watch', 'ssh a@b')).toEqual(['--data-dir', '/tmp/x', 'watch', 'ssh a@b'])
    expect(packaged('--verbose', 'debug', '123')).toEqual(['--verbose', 'debug', '123'])
    expect(packaged('--web', '--port', '4780')).toEqual(['--web', '--port', '4780'])
    expect(packaged('--help')).toEqual(['--help'])
    expect(packaged('--version')).toEqual(['--version'])
  })

  it('opens the desktop app for no arguments, a link, or Chromium\'s own switches', () => {
    expect(packaged()).toBeUndefined()
    expect(packaged('shipmate://job/api.travis-ci.com/1')).toBeUndefined()
    expect(packaged('https://app.travis-ci.com/github/o/r/jobs/1')).toBeUndefined()
    expect(packaged('--no-sandbox', '--data-dir', '/tmp/x')).toBeUndefined()
    expect(packaged('--data-dir', 'accounts')).toBeUndefined()
  })

  it('skips the app folder that Electron is given in development', () => {
    expect(cliInvocation(['/repo/node_modules/electron/dist/electron', '.', 'accounts', 'list'], true)).toEqual(['accounts', 'list'])
    expect(cliInvocation(['/repo/node_modules/electron/dist/electron', 'accounts'], true)).toBeUndefined()
  })
})
