import { describe, expect, it } from 'vitest'
import { enterpriseApis } from '@shared/accounts-match'
import type { AccountSummary } from '@shared/api'
import { accountsForApiHost, droppedLink, isTextField } from '../../../renderer/src/features/desktop/link-target'

const account = (id: string, apiUrl: string, kind: 'com' | 'enterprise' = 'com', tokenRejected = false): AccountSummary => ({
  id,
  endpoint: { apiUrl, kind, label: apiUrl, readOnly: false },
  userId: 1,
  login: id,
  name: null,
  avatarUrl: null,
  tokenRejected,
})

describe('the account a job link opens with', () => {
  const accounts = [
    account('api.travis-ci.com/1', 'https://api.travis-ci.com', 'com', true),
    account('api.travis-ci.com/2', 'https://api.travis-ci.com'),
    account('travis.example.com/3', 'https://travis.example.com/api', 'enterprise'),
    account('127.0.0.1:4567/4', 'http://127.0.0.1:4567', 'enterprise'),
  ]

  it('is one on the link\'s API host: the current one first, then one whose token still works', () => {
    expect(accountsForApiHost(accounts, 'api.travis-ci.com', undefined).map((a) => a.id)).toEqual(['api.travis-ci.com/2', 'api.travis-ci.com/1'])
    expect(accountsForApiHost(accounts, 'api.travis-ci.com', 'api.travis-ci.com/1').map((a) => a.id)).toEqual(['api.travis-ci.com/1', 'api.travis-ci.com/2'])
    expect(accountsForApiHost(accounts, 'travis.example.com', undefined).map((a) => a.id)).toEqual(['travis.example.com/3'])
    expect(accountsForApiHost(accounts, '127.0.0.1:4567', undefined).map((a) => a.id)).toEqual(['127.0.0.1:4567/4'])
    expect(accountsForApiHost(accounts, 'api.travis-ci.com:443', undefined)).toHaveLength(2)
  })

  it('is none for another host, another port, or a host that is not one', () => {
    expect(accountsForApiHost(accounts, 'api.travis-ci.org', undefined)).toEqual([])
    expect(accountsForApiHost(accounts, '127.0.0.1:4568', undefined)).toEqual([])
    expect(accountsForApiHost(accounts, 'exa mple', undefined)).toEqual([])
  })

  it('Enterprise endpoints are offered to the Travis URL parser', () => {
    expect(enterpriseApis(accounts)).toEqual(['https://travis.example.com/api', 'http://127.0.0.1:4567'])
  })
})

describe('what was dropped on the window', () => {
  const data = (values: Record<string, string>) => (type: string) => values[type] ?? ''

  it('is the first address of a uri-list, skipping comments, else the plain text', () => {
    expect(droppedLink(data({ 'text/uri-list': '# from a browser\r\nhttps://app.travis-ci.com/github/o/r/jobs/1\r\nhttps://x/' }))).toBe(
      'https://app.travis-ci.com/github/o/r/jobs/1',
    )
    expect(droppedLink(data({ 'text/plain': '  shipmate://job/api.travis-ci.com/1 \n' }))).toBe('shipmate://job/api.travis-ci.com/1')
    expect(droppedLink(data({}))).toBeUndefined()
  })

  it('on a text field stays text', () => {
    const field = { closest: (selector: string) => (selector.includes('input') ? {} : null) }
    expect(isTextField(field as unknown as EventTarget)).toBe(true)
    expect(isTextField({ closest: () => null } as unknown as EventTarget)).toBe(false)
    expect(isTextField(null)).toBe(false)
  })
})
