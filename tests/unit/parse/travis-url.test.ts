import { describe, expect, it } from 'vitest'
import { type TravisTarget, resolveTravisUrl } from '@shared/parse/travis-url'

const ENTERPRISE = ['https://travis.example.com/api', 'http://localhost:4100']

function ok(input: string, enterprise: readonly string[] = ENTERPRISE): TravisTarget {
  const result = resolveTravisUrl(input, enterprise)
  if (!result.ok) throw new Error(`refused ${JSON.stringify(input)}: ${result.message}`)
  return result
}
function refusal(input: string, enterprise: readonly string[] = ENTERPRISE): string {
  const result = resolveTravisUrl(input, enterprise)
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)}`)
  return result.message
}

describe('travis-ci.com pages', () => {
  it('reads build and job pages of the current web app', () => {
    expect(ok('https://app.travis-ci.com/github/octo/widget/builds/268314159')).toEqual({
      ok: true,
      kind: 'build',
      id: 268314159,
      slug: 'octo/widget',
      provider: 'github',
      apiUrl: 'https://api.travis-ci.com',
      site: 'com',
    })
    expect(ok('https://app.travis-ci.com/github/octo/widget/jobs/612345678')).toMatchObject({ kind: 'job', id: 612345678, slug: 'octo/widget' })
  })

  it('reads every provider travis-web knows', () => {
    for (const provider of ['github', 'bitbucket', 'gitlab', 'assembla']) {
      expect(ok(`https://app.travis-ci.com/${provider}/octo/widget/jobs/1`)).toMatchObject({ provider, slug: 'octo/widget' })
    }
  })

  it('reads the older addresses without a provider', () => {
    expect(ok('https://travis-ci.com/octo/widget/builds/268314159')).toMatchObject({ kind: 'build', id: 268314159, provider: 'github', site: 'com' })
    expect(ok('https://travis-ci.com/octo/widget/jobs/612345678')).toMatchObject({ kind: 'job', id: 612345678 })
    expect(ok('https://travis-ci.com/github/octo/widget/jobs/612345678')).toMatchObject({ kind: 'job', slug: 'octo/widget' })
  })

  it('forgives what a copied address often carries', () => {
    for (const input of [
      'https://app.travis-ci.com/github/octo/widget/jobs/612345678/config',
      'https://app.travis-ci.com/github/octo/widget/jobs/612345678/',
      'https://app.travis-ci.com/github/octo/widget/jobs/612345678?serverType=git',
      'https://app.travis-ci.com/github/octo/widget/jobs/612345678#L120',
      'http://app.travis-ci.com/github/octo/widget/jobs/612345678',
      'app.travis-ci.com/github/octo/widget/jobs/612345678',
      '  https://APP.Travis-CI.com/github/octo/widget/jobs/612345678  ',
      '<https://app.travis-ci.com/github/octo/widget/jobs/612345678>',
    ]) {
      expect(ok(input)).toMatchObject({ kind: 'job', id: 612345678, slug: 'octo/widget', apiUrl: 'https://api.travis-ci.com' })
    }
  })

  it('keeps dots, dashes and underscores of real repository names', () => {
    expect(ok('https://app.travis-ci.com/github/travis-ci/docs-travis-ci-com/builds/1').slug).toBe('travis-ci/docs-travis-ci-com')
    expect(ok('https://app.travis-ci.com/github/my_org/my.repo/builds/1').slug).toBe('my_org/my.repo')
  })
})

describe('travis-ci.org pages', () => {
  it('reads the docs page examples and says .org no longer runs builds', () => {
    const build = ok('https://travis-ci.org/travis-ci/docs-travis-ci-com/builds/248927956')
    expect(build).toMatchObject({ kind: 'build', id: 248927956, slug: 'travis-ci/docs-travis-ci-com', site: 'org', apiUrl: 'https://api.travis-ci.org' })
    expect(build.notice).toMatch(/stopped running builds/)
    expect(ok('https://travis-ci.org/travis-ci/docs-travis-ci-com/jobs/248927957/config')).toMatchObject({ kind: 'job', id: 248927957, site: 'org' })
  })

  it('reads the oldest #! addresses', () => {
    expect(ok('https://travis-ci.org/#!/alibaba/pouch/jobs/308880940')).toMatchObject({ kind: 'job', id: 308880940, slug: 'alibaba/pouch' })
  })
})

describe('Travis CI Enterprise', () => {
  it('maps a page on a configured host to that API endpoint, as configured', () => {
    expect(ok('https://travis.example.com/octo/widget/builds/42')).toEqual({
      ok: true,
      kind: 'build',
      id: 42,
      slug: 'octo/widget',
      provider: 'github',
      apiUrl: 'https://travis.example.com/api',
      site: 'enterprise',
    })
    expect(ok('https://travis.example.com/github/octo/widget/jobs/43')).toMatchObject({ kind: 'job', apiUrl: 'https://travis.example.com/api' })
  })

  it('tells hosts on one machine apart by port', () => {
    expect(ok('http://localhost:4100/github/octo/widget/jobs/7').apiUrl).toBe('http://localhost:4100')
    expect(ok('localhost:4100/github/octo/widget/jobs/7').apiUrl).toBe('http://localhost:4100')
  })

  it('refuses an Enterprise host that is not set up, saying how to add it', () => {
    expect(refusal('https://travis.other.org/octo/widget/builds/42')).toMatch(
      /travis\.other\.org is not a Travis CI host\..*add its API endpoint \(https:\/\/travis\.other\.org\/api\) first/,
    )
    expect(refusal('https://travis.example.com/octo/widget/builds/42', [])).toMatch(/not a Travis CI host/)
  })
})

describe('refusals', () => {
  it('asks for an address when there is none', () => {
    expect(refusal('')).toMatch(/Paste the address of a Travis CI build or job page/)
  })

  it('explains why a bare number is not enough', () => {
    expect(refusal('612345678')).toMatch(/A number alone does not say whether it is a build or a job/)
  })

  it('points an SSH command to the other box', () => {
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/Paste an SSH command/)
  })

  it('says which page of a repository was pasted instead of a build or job', () => {
    expect(refusal('https://app.travis-ci.com/github/octo/widget')).toMatch(/shows the repository page of octo\/widget, not one build or job/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/builds')).toMatch(/the build history of octo\/widget/)
    expect(refusal('https://travis-ci.com/octo/widget/builds')).toMatch(/the build history of octo\/widget/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/branches')).toMatch(/the branches page of octo\/widget/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/pull_requests')).toMatch(/the pull requests page/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/jobs')).toMatch(/the job list/)
  })

  it('refuses pages that are no repository at all', () => {
    expect(refusal('https://app.travis-ci.com/')).toMatch(/does not point to a repository, build or job/)
    expect(refusal('https://app.travis-ci.com/github/octo')).toMatch(/does not point to a repository, build or job/)
  })

  it('refuses ids that are not numbers', () => {
    expect(refusal('https://app.travis-ci.com/github/octo/widget/jobs/abc')).toMatch(/"abc" is not a job number/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/builds/0')).toMatch(/"0" is not a build number/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/builds/99999999999999999999')).toMatch(/not a build number/)
  })

  it('refuses an unknown provider and unknown views', () => {
    expect(refusal('https://app.travis-ci.com/sourcehut/octo/widget/jobs/1')).toMatch(/"sourcehut" is not a source host Travis CI knows/)
    expect(refusal('https://app.travis-ci.com/github/octo/widget/jobs/1/raw')).toMatch(/goes on after the job number \("\/raw"\)/)
  })

  it('refuses API addresses and GitHub addresses with what to paste instead', () => {
    expect(refusal('https://api.travis-ci.com/v3/job/612345678/log.txt')).toMatch(/address of the Travis CI API, not of a page/)
    expect(refusal('https://github.com/octo/widget/runs/123')).toMatch(/This is a GitHub address.*"Details" link/)
  })

  it('refuses other schemes and text that is no address', () => {
    expect(refusal('ftp://travis-ci.com/octo/widget/jobs/1')).toMatch(/This is a ftp: address/)
    expect(refusal('javascript:alert(1)')).toMatch(/This is a javascript: address/)
    expect(refusal('not an address at all')).toMatch(/This is not a web address/)
  })

  it('lists the understood forms', () => {
    expect(refusal('https://app.travis-ci.com/github/octo/widget/jobs/1/raw')).toMatch(
      /https:\/\/app\.travis-ci\.com\/github\/OWNER\/REPO\/builds\/N.*travis-ci\.org\/OWNER\/REPO\/jobs\/N.*Enterprise/,
    )
  })

  it('refuses a broken escape in the path', () => {
    expect(refusal('https://app.travis-ci.com/github/octo/wid%E0get/jobs/1')).toMatch(/broken %-escape/)
  })
})
