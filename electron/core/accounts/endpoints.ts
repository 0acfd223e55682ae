import type { Endpoint } from '@shared/api'
import { publicTravisApi, TRAVIS_COM_API, TRAVIS_ORG_API } from '@shared/parse/travis-url'
import { UserError } from '../errors'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/

/**
 * Turns what the user typed or picked into an API base URL and says what kind of endpoint it is.
 * Site addresses (travis-ci.com, app.travis-ci.com) are taken to mean their API. Tokens never go
 * over plain http except to this machine (an emulator).
 */
export function parseEndpoint(input: string): Endpoint {
  const trimmed = input.trim()
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new UserError(`"${trimmed}" is not an API address. Use travis-ci.com, or an Enterprise URL like https://travis.example.com/api.`, 'bad_endpoint', 'apiUrl')
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new UserError('The API address must use https (plain http is accepted only for this machine).', 'bad_endpoint', 'apiUrl')
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UserError('The API address must not contain a user name, a query or a fragment.', 'bad_endpoint', 'apiUrl')
  }
  const known = publicTravisApi(url.hostname)
  if (known) return describe(known)
  return describe(`${url.origin}${url.pathname.replace(/\/+$/, '')}`)
}

export function describe(apiUrl: string): Endpoint {
  if (apiUrl === TRAVIS_COM_API) return { apiUrl, kind: 'com', label: 'travis-ci.com', readOnly: false }
  if (apiUrl === TRAVIS_ORG_API) return { apiUrl, kind: 'org', label: 'travis-ci.org (legacy, read-only)', readOnly: true }
  const url = new URL(apiUrl)
  return { apiUrl, kind: 'enterprise', label: `${url.host}${url.pathname === '/' ? '' : url.pathname}`, readOnly: false }
}

/** The account's id and keychain entry name: `<api host>/<user id>`. */
export function accountIdFor(apiUrl: string, userId: number): string {
  return `${new URL(apiUrl).host}/${userId}`
}
