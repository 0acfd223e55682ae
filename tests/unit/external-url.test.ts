import { describe, expect, it } from 'vitest'
import { checkExternalUrl } from '../../electron/core/create-core'

describe('external links', () => {
  it('lets http and https through', () => {
    expect(checkExternalUrl('https://app.travis-ci.com/github/o/r')).toBe('https://app.travis-ci.com/github/o/r')
    expect(checkExternalUrl('http://example.com')).toBe('http://example.com/')
  })

  it('refuses every other scheme and garbage', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'shipmate://x', 'not a url']) {
      expect(() => checkExternalUrl(url)).toThrow()
    }
  })
})
