import { describe, expect, it } from 'vitest'
import { pageHrefs } from '../../electron/core/travis/client'

describe('remaining page links', () => {
  it('makes every remaining page from the next link', () => {
    expect(pageHrefs('/repos?limit=100&offset=100', 100, 100, 350)).toEqual([
      '/repos?limit=100&offset=100',
      '/repos?limit=100&offset=200',
      '/repos?limit=100&offset=300',
    ])
    expect(pageHrefs('/v3/repos?offset=2&limit=2&sort_by=name', 2, 2, 5)).toEqual(['/v3/repos?offset=2&limit=2&sort_by=name', '/v3/repos?offset=4&limit=2&sort_by=name'])
  })

  it('gives up on links it does not understand, so the caller follows them one by one', () => {
    expect(pageHrefs('/repos?page=2', 100, 100, 350)).toBeUndefined()
    expect(pageHrefs('/repos?limit=100&offset=100', 100, 0, 350)).toBeUndefined()
    expect(pageHrefs('/repos?limit=100&offset=100', 100, 100, Number.NaN)).toBeUndefined()
  })
})
