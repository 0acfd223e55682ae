import { describe, expect, it } from 'vitest'
import { describeKeychainFailure } from '../../electron/core/accounts/keychain'

// Messages as @napi-rs/keyring gives them on Debian with and without a Secret Service.
describe('keychain failures', () => {
  it('no session bus -> missing', () => {
    const status = describeKeychainFailure(
      new Error('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS'),
    )
    expect(status.state).toBe('missing')
    expect(status.reason).toContain('no Secret Service keychain answered')
  })

  it('no default keyring -> locked', () => {
    expect(describeKeychainFailure(new Error("Couldn't access platform storage: Secret Service: no result found")).state).toBe('locked')
  })

  it('kernel keyring fallback denied -> missing', () => {
    expect(describeKeychainFailure(new Error("Couldn't access platform storage: AccessDenied")).state).toBe('missing')
  })

  it('a native module that cannot load -> missing, without the loader text', () => {
    const status = describeKeychainFailure(new Error("Cannot find module '@napi-rs/keyring-linux-x64-gnu'"))
    expect(status).toEqual({ state: 'missing', reason: 'the keychain module could not be loaded on this system.' })
  })
})
