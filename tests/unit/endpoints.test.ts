import { describe, expect, it } from 'vitest'
import { parseEndpoint } from '../../electron/core/accounts/endpoints'

describe('parseEndpoint', () => {
  it('takes the site and API hosts of travis-ci.com and travis-ci.org to mean their API', () => {
    for (const input of ['travis-ci.com', 'https://app.travis-ci.com/', 'api.travis-ci.com', 'www.travis-ci.com']) {
      expect(parseEndpoint(input)).toEqual({ apiUrl: 'https://api.travis-ci.com', kind: 'com', label: 'travis-ci.com', readOnly: false })
    }
    for (const input of ['travis-ci.org', 'https://API.travis-ci.org']) {
      expect(parseEndpoint(input)).toMatchObject({ apiUrl: 'https://api.travis-ci.org', kind: 'org', readOnly: true })
    }
  })

  it('keeps an Enterprise path, and refuses plain http except for this machine', () => {
    expect(parseEndpoint('https://travis.example.com/api/')).toMatchObject({ apiUrl: 'https://travis.example.com/api', kind: 'enterprise' })
    expect(parseEndpoint('http://127.0.0.1:4000')).toMatchObject({ apiUrl: 'http://127.0.0.1:4000', kind: 'enterprise' })
    expect(() => parseEndpoint('http://travis.example.com/api')).toThrow(/must use https/)
  })
})
