import { describe, expect, it } from 'vitest'
import type { RepoSummary } from '@shared/api'
import { parseTravisLog } from '@shared/parse/travis-log'
import { visibleRows } from '../../renderer/src/features/debug/log-viewer'
import { groupByOwner } from '../../renderer/src/features/browse/group-repos'
import { filterRepos } from '../../renderer/src/store/browse-store'

const repo = (slug: string, description: string | null = null): RepoSummary => {
  const [owner = '', name = ''] = slug.split('/')
  return { id: slug.length, slug, owner, name, description, private: true, active: true, debugHint: 'available' }
}

describe('repository list', () => {
  const repos = [repo('acme/api'), repo('acme/web', 'The Website'), repo('alice/tools'), repo('alice/web-app')]

  it('filters on slug and description, case-insensitively', () => {
    expect(filterRepos(repos, 'WEB').map((r) => r.slug)).toEqual(['acme/web', 'alice/web-app'])
    expect(filterRepos(repos, 'website').map((r) => r.slug)).toEqual(['acme/web'])
    expect(filterRepos(repos, '  ')).toBe(repos)
    expect(filterRepos(repos, 'nothing-like-it')).toEqual([])
  })

  it('groups by owner with counts, keeping order', () => {
    const rows = groupByOwner(repos)
    expect(rows.map((row) => (row.kind === 'owner' ? `# ${row.owner} ${row.count}` : row.repo.slug))).toEqual([
      '# acme 2',
      'acme/api',
      'acme/web',
      '# alice 2',
      'alice/tools',
      'alice/web-app',
    ])
  })
})

describe('log viewer rows', () => {
  const text = [
    '$ echo start',
    'travis_fold:start:install\r\u001b[0K$ npm ci',
    'added 1 package',
    'travis_fold:end:install\r\u001b[0K',
    '$ npm test',
    'travis_fold:start:running\r\u001b[0K$ still going',
    '',
  ].join('\r\n')
  const log = parseTravisLog(text)

  it('shows a finished fold as one closed header row', () => {
    const rows = visibleRows(log.lines.length, log.folds, new Set())
    const folds = rows.filter((row) => row.kind === 'fold')
    expect(folds.map((row) => (row.kind === 'fold' ? [row.fold.name, row.open] : []))).toEqual([
      ['install', false],
      ['running', true],
    ])
    const shownLines = rows.filter((row) => row.kind === 'line').map((row) => (row.kind === 'line' ? log.lines[row.index]?.text : ''))
    expect(shownLines).not.toContain('added 1 package')
    expect(shownLines).toContain('$ npm test')
  })

  it('opens a fold on request', () => {
    const install = log.folds.find((fold) => fold.name === 'install')
    if (!install) throw new Error('no install fold')
    const rows = visibleRows(log.lines.length, log.folds, new Set([`install@${install.start}`]))
    const shownLines = rows.filter((row) => row.kind === 'line').map((row) => (row.kind === 'line' ? log.lines[row.index]?.text : ''))
    expect(shownLines).toContain('added 1 package')
  })
})
