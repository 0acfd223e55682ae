import fc from 'fast-check'
import { describe, it } from 'vitest'
import { publicTravisApi, resolveTravisUrl } from '@shared/parse/travis-url'
import { TRAVIS_URLS, anyText, outsideText } from './samples'

const HOSTS = { 'app.travis-ci.com': 'https://api.travis-ci.com', 'travis-ci.com': 'https://api.travis-ci.com', 'travis-ci.org': 'https://api.travis-ci.org' }
/** GitHub's rule for owner and repository names; `.` and `..` alone are path steps, not names. */
const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/).filter((text) => text !== '.' && text !== '..'),
  // Words the address itself uses are names too: github.com/someone/jobs exists.
  fc.constantFrom('jobs', 'builds', 'github', 'gitlab', 'config', 'branches'),
)
const page = fc.record({
  host: fc.constantFrom(...(Object.keys(HOSTS) as (keyof typeof HOSTS)[])),
  provider: fc.constantFrom('github', 'bitbucket', 'gitlab', 'assembla'),
  owner: name,
  repo: name,
  kind: fc.constantFrom('build', 'job') as fc.Arbitrary<'build' | 'job'>,
  id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  view: fc.constantFrom('', '/config', '/'),
})

describe('pasted Travis CI addresses', () => {
  it('never throw, with any list of Enterprise endpoints; what is accepted names a positive id and an owner/repo slug', () => {
    fc.assert(
      fc.property(outsideText(TRAVIS_URLS), fc.array(fc.oneof(anyText, fc.constant('https://travis.example.com/api')), { maxLength: 3 }), (input, apis) => {
        const result = resolveTravisUrl(input, apis)
        if (!result.ok) {
          if (result.message === '') throw new Error('a refusal without a message')
          return
        }
        if (!Number.isSafeInteger(result.id) || result.id < 1) throw new Error(`id ${result.id}`)
        if (result.slug.split('/').length < 2) throw new Error(`slug ${result.slug}`)
        publicTravisApi(input)
      }),
    )
  })

  it('resolve every build and job page to its id, slug, provider and API, whatever the repository is called', () => {
    fc.assert(
      fc.property(page, ({ host, provider, owner, repo, kind, id, view }) => {
        const result = resolveTravisUrl(`https://${host}/${provider}/${owner}/${repo}/${kind}s/${id}${view}`)
        if (!result.ok) throw new Error(result.message)
        const expected = { kind, id, slug: `${owner}/${repo}`, provider, apiUrl: HOSTS[host] }
        const got = { kind: result.kind, id: result.id, slug: result.slug, provider: result.provider, apiUrl: result.apiUrl }
        if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`resolved ${JSON.stringify(got)}`)
      }),
    )
  })
})
