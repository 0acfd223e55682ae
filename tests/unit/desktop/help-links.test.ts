import { describe, expect, it } from 'vitest'
import { projectLinks, reportProblemUrl, type ReportContext } from '../../../electron/desktop/help-links'

const context: ReportContext = {
  appVersion: '0.1.0',
  electronVersion: '45.5.0',
  chromeVersion: '152.0.7000.1',
  platform: 'linux',
  osRelease: '6.1.0-28-amd64',
  arch: 'x64',
}

describe('the Help menu\'s addresses', () => {
  it('come from package.json\'s repository, homepage and bugs fields', () => {
    expect(projectLinks({ repository: { type: 'git', url: 'git+https://github.com/acme/shipmate.git' } })).toEqual({
      readme: 'https://github.com/acme/shipmate#readme',
      issues: 'https://github.com/acme/shipmate/issues',
    })
    expect(projectLinks({ repository: 'github:acme/shipmate' }).issues).toBe('https://github.com/acme/shipmate/issues')
    expect(projectLinks({ repository: 'acme/shipmate', homepage: 'https://shipmate.example/', bugs: { url: 'https://tracker.example/new' } })).toEqual({
      readme: 'https://shipmate.example/',
      issues: 'https://tracker.example/new',
    })
  })

  it('are left out when unknown or not https, or when they carry credentials', () => {
    expect(projectLinks({})).toEqual({ readme: undefined, issues: undefined })
    expect(projectLinks({ homepage: 'javascript:alert(1)', bugs: 'http://tracker.example/' })).toEqual({ readme: undefined, issues: undefined })
    expect(projectLinks({ bugs: 'https://user:secret@tracker.example/' }).issues).toBeUndefined()
  })
})

describe('Report a problem', () => {
  it('opens GitHub\'s new-issue page with the app and OS versions filled in', () => {
    const url = new URL(reportProblemUrl('https://github.com/acme/shipmate/issues', context))
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/acme/shipmate/issues/new')
    const body = url.searchParams.get('body') ?? ''
    expect(body).toContain('Shipmate 0.1.0 (Electron 45.5.0, Chromium 152.0.7000.1)')
    expect(body).toContain('OS: linux 6.1.0-28-amd64 x64')
    expect([...url.searchParams.keys()]).toEqual(['body'])
  })

  it('puts in nothing but version-like values: a path, a token or a line break in a field becomes "unknown"', () => {
    const url = reportProblemUrl('https://github.com/acme/shipmate/issues/', {
      ...context,
      osRelease: '/home/alice/.travis/config.yml',
      appVersion: 'token=ghp_abc123\nDEF',
      arch: 'x64 SHIPMATE_DATA_DIR=/home/alice',
    })
    const body = new URL(url).searchParams.get('body') ?? ''
    expect(body).toContain('Shipmate unknown (')
    expect(body).toContain('OS: linux unknown unknown')
    for (const secret of ['alice', 'ghp_abc123', 'travis', 'SHIPMATE_DATA_DIR']) expect(url).not.toContain(secret)
  })

  it('keeps another tracker\'s address as it is, replacing only its query', () => {
    const url = new URL(reportProblemUrl('https://tracker.example/new?token=abc#frag', context))
    expect(`${url.origin}${url.pathname}`).toBe('https://tracker.example/new')
    expect([...url.searchParams.keys()]).toEqual(['body'])
    expect(url.hash).toBe('')
  })
})
