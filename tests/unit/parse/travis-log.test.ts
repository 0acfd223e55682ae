import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TravisLog, parseTravisLog } from '@shared/parse/travis-log'

const E = '\x1b'
const CLR = `\r${E}[0K`
/**
 * debug-quiet-job.txt is a whole quiet-mode debug job, written the way travis-build and travis-worker
 * write logs (`\r\n` endings, fold and timer markers, colours); the SSH
 * line and ids are made up. docs-debug-mode.txt is the docs page's sample, verbatim.
 */
const fixture = (name: string): string => readFileSync(resolve(__dirname, '../../fixtures/parse', name), 'utf8')
const texts = (text: string): string[] => parseTravisLog(text).lines.map((line) => line.text)
const YELLOW_BOLD = { fg: { kind: 'indexed', index: 3 }, bold: true }

describe('a whole debug job log', () => {
  const log = parseTravisLog(fixture('debug-quiet-job.txt'))
  const lines = log.lines.map((line) => line.text)

  it('shows no fold or timer marker and no escape byte', () => {
    for (const line of lines) {
      expect(line).not.toMatch(/travis_(fold|time)/)
      expect(line).not.toContain(E)
      expect(line).not.toContain('\r')
    }
  })

  it('keeps the text of every line, titles of folds included', () => {
    expect(lines[0]).toBe('Worker information')
    expect(lines).toContain('Build system information')
    expect(lines).toContain('$ git clone --depth=50 --branch=main https://github.com/octo/widget.git octo/widget')
    expect(lines).toContain('$ cd octo/widget')
    expect(lines).toContain('Use the following SSH command to access the interactive debugging environment:')
    expect(lines).toContain('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
    expect(lines[lines.length - 1]).toBe('Done. Your build exited with 1.')
  })

  it('shows only the last state of the git progress line', () => {
    expect(lines).toContain('Receiving objects: 100% (100/100), 20.15 KiB | 5.04 MiB/s, done.')
    expect(lines.some((line) => line.includes('37%'))).toBe(false)
  })

  it('keeps the empty lines the log really has', () => {
    expect(lines[11]).toBe('')
    expect(lines.filter((line) => line === '').length).toBe(5)
  })

  it('finds each fold with its first and last line', () => {
    const byName = Object.fromEntries(log.folds.map((fold) => [fold.name, fold]))
    expect(Object.keys(byName)).toEqual(['worker_info', 'system_info', 'git.checkout', 'nvm.install', 'cache.1', 'cache.npm'])
    const span = (name: string): string[] => {
      const fold = byName[name]
      if (!fold || fold.end === undefined) throw new Error(`fold ${name} not closed`)
      return lines.slice(fold.start, fold.end + 1)
    }
    expect(span('worker_info')).toEqual([
      'Worker information',
      'hostname: 4f1e2b07-3c2d-4e5f-8a9b-0c1d2e3f4a5b@1.worker-com-5d4f8b7c9-x2k4j.gce-production-2',
      'version: v6.2.23 https://github.com/travis-ci/worker/tree/0b8e0d5',
      'instance: travis-job-8d3e4f5a travis-ci-ubuntu-2004-1690000000-d1f1f27a (via amqp)',
      'startup: 6.183216204s',
    ])
    expect(span('system_info')[0]).toBe('Build system information')
    expect(span('system_info').at(-1)).toBe('Job id: 612345678')
    expect(span('git.checkout')[0]).toMatch(/^\$ git clone/)
    expect(span('git.checkout').at(-1)).toMatch(/^\$ git checkout -qf/)
    expect(span('nvm.install')).toEqual(['$ nvm install 18', 'Downloading and installing node v18.19.0...', 'Now using node v18.19.0 (npm v10.2.3)'])
    expect(span('cache.npm')).toEqual(['cache.npm'])
    expect(byName['cache.npm']?.depth).toBe(1)
    expect(byName['cache.1']?.depth).toBe(0)
  })

  it('gives a fold the duration of the timer that starts on its first line', () => {
    const byName = Object.fromEntries(log.folds.map((fold) => [fold.name, fold]))
    expect(byName['git.checkout']?.durationMs).toBe(1312)
    expect(byName['nvm.install']?.durationMs).toBeCloseTo(7654.321)
    expect(byName['worker_info']?.durationMs).toBeUndefined()
    expect(log.timers.map((timer) => timer.id)).toEqual(['0a1b2c3d', '1b2c3d4e'])
  })

  it('keeps the colours of the lines', () => {
    expect(log.lines[0]?.segments).toEqual([{ text: 'Worker information', style: YELLOW_BOLD }])
    const ssh = log.lines.find((line) => line.text.startsWith('ssh '))
    expect(ssh?.segments).toEqual([{ text: 'ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io', style: { fg: { kind: 'indexed', index: 2 }, bold: true } }])
  })
})

describe('line endings and carriage returns', () => {
  it('reads \\r\\n and \\n the same way', () => {
    expect(texts('one\r\ntwo\r\n')).toEqual(['one', 'two'])
    expect(texts('one\ntwo\n')).toEqual(['one', 'two'])
    expect(texts('[server exited]\r\r\n')).toEqual(['[server exited]'])
  })

  it('overwrites like a terminal after a bare \\r', () => {
    expect(texts('abcdef\rXY\n')).toEqual(['XYcdef'])
    expect(texts('Downloading  10%\rDownloading  55%\rDownloading 100%\n')).toEqual(['Downloading 100%'])
  })

  it('clears the rest of the line on \\e[0K and \\e[K', () => {
    expect(texts(`long old text\r${E}[0Knew\n`)).toEqual(['new'])
    expect(texts(`long old text\r${E}[Knew\n`)).toEqual(['new'])
    expect(texts(`abcdef\r${E}[2Kxy\n`)).toEqual(['xy'])
  })

  it('moves the cursor back with backspace and CSI D, and to a column with CSI G', () => {
    expect(texts('spinner |\b/\b-\n')).toEqual(['spinner -'])
    expect(texts(`12345${E}[3Dx\n`)).toEqual(['12x45'])
    expect(texts(`12345${E}[2Gx\n`)).toEqual(['1x345'])
  })

  it('keeps the style of each overwritten cell', () => {
    const [line] = parseTravisLog(`${E}[31mred text${E}[0m\r${E}[32mgr\n`).lines
    expect(line?.text).toBe('grd text')
    expect(line?.segments).toEqual([
      { text: 'gr', style: { fg: { kind: 'indexed', index: 2 } } },
      { text: 'd text', style: { fg: { kind: 'indexed', index: 1 } } },
    ])
  })

  it('carries an unclosed colour over to the next line', () => {
    const lines = parseTravisLog(`${E}[31mred\nstill red${E}[0m\nplain\n`).lines
    expect(lines.map((line) => line.segments)).toEqual([
      [{ text: 'red', style: { fg: { kind: 'indexed', index: 1 } } }],
      [{ text: 'still red', style: { fg: { kind: 'indexed', index: 1 } } }],
      [{ text: 'plain', style: {} }],
    ])
  })
})

describe('folds', () => {
  it('reads markers on lines of their own', () => {
    const log = parseTravisLog(
      ['before', `travis_fold:start:install.1${CLR}`, '$ npm ci', 'added 120 packages', `travis_fold:end:install.1${CLR}`, 'after', ''].join('\n'),
    )
    expect(log.lines.map((line) => line.text)).toEqual(['before', '$ npm ci', 'added 120 packages', 'after'])
    expect(log.folds).toEqual([{ name: 'install.1', start: 1, end: 2, depth: 0 }])
  })

  it('reads markers written without \\r\\e[0K', () => {
    const log = parseTravisLog('travis_fold:start:a\nin a\ntravis_fold:end:a\nout\n')
    expect(log.lines.map((line) => line.text)).toEqual(['in a', 'out'])
    expect(log.folds).toEqual([{ name: 'a', start: 0, end: 0, depth: 0 }])
  })

  it('nests folds and closes an inner fold left open when its outer one ends', () => {
    const log = parseTravisLog(
      [
        `travis_fold:start:outer${CLR}outer title`,
        `travis_fold:start:inner${CLR}inner title`,
        'inner body',
        `travis_fold:start:unclosed${CLR}unclosed title`,
        `travis_fold:end:outer${CLR}`,
        'after',
        '',
      ].join('\r\n'),
    )
    expect(log.folds).toEqual([
      { name: 'outer', start: 0, end: 3, depth: 0 },
      { name: 'inner', start: 1, end: 3, depth: 1 },
      { name: 'unclosed', start: 3, end: 3, depth: 2 },
    ])
  })

  it('ends a fold on the line where the end marker follows text', () => {
    const log = parseTravisLog(`travis_fold:start:x${CLR}title\nlast words travis_fold:end:x${CLR}\nnext\n`)
    expect(log.lines.map((line) => line.text)).toEqual(['title', 'last words ', 'next'])
    expect(log.folds).toEqual([{ name: 'x', start: 0, end: 1, depth: 0 }])
  })

  it('ignores an end marker without a start and drops folds with no lines', () => {
    const log = parseTravisLog(`travis_fold:end:stray${CLR}\ntravis_fold:start:empty${CLR}\ntravis_fold:end:empty${CLR}\ntext\n`)
    expect(log.lines.map((line) => line.text)).toEqual(['text'])
    expect(log.folds).toEqual([])
  })

  it('leaves the end of a fold open while the job is still writing it', () => {
    const log = parseTravisLog(`travis_fold:start:install${CLR}$ npm ci\nadded 1 package\n`)
    expect(log.folds).toEqual([{ name: 'install', start: 0, end: undefined, depth: 0 }])
  })

  it('records timers outside folds with their line and duration', () => {
    const log = parseTravisLog(
      `travis_time:start:5ac6a3a0${CLR}$ npm test\nok\ntravis_time:end:5ac6a3a0:start=1700000000000000000,finish=1700000002500000000,duration=2500000000${CLR}\n`,
    )
    expect(log.lines.map((line) => line.text)).toEqual(['$ npm test', 'ok'])
    expect(log.timers).toEqual([{ id: '5ac6a3a0', line: 0, durationMs: 2500 }])
    expect(log.folds).toEqual([])
  })

  it('takes the duration from start and finish when the duration field is missing', () => {
    const log = parseTravisLog(`travis_time:start:ab${CLR}$ make\ntravis_time:end:ab:start=1000000,finish=4000000${CLR}\n`)
    expect(log.timers).toEqual([{ id: 'ab', line: 0, durationMs: 3 }])
  })
})

describe('growing logs', () => {
  const sample = [
    `travis_fold:start:worker_info${CLR}${E}[33;1mWorker information${E}[0m`,
    'hostname: abc',
    `travis_fold:end:worker_info${CLR}travis_fold:start:git.checkout${CLR}travis_time:start:0f${CLR}$ git clone`,
    'Receiving objects:  50% (1/2)\rReceiving objects: 100% (2/2), done.',
    `travis_time:end:0f:start=1,finish=2,duration=1000000${CLR}travis_fold:end:git.checkout${CLR}`,
    `${E}[32;1mssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io${E}[0m`,
    'This build is running in quiet mode. No session output will be displayed.\x1b[0m',
    '..',
  ].join('\r\n')

  it('gives the same lines and folds whatever the chunk boundaries', () => {
    const whole = parseTravisLog(sample)
    for (let cut = 1; cut < sample.length; cut++) {
      const log = new TravisLog()
      log.append(sample.slice(0, cut))
      log.append(sample.slice(cut))
      expect(log.lines.map((line) => line.text)).toEqual(whole.lines.map((line) => line.text))
      expect(log.folds).toEqual(whole.folds)
      expect(log.partialLine?.text).toBe('..')
    }
  })

  it('also when fed one character at a time', () => {
    const log = new TravisLog()
    for (const ch of sample) log.append(ch)
    expect(log.lines.map((line) => line.text)).toEqual(parseTravisLog(sample).lines.map((line) => line.text))
  })

  it('reports which lines each chunk completed', () => {
    const log = new TravisLog()
    expect(log.append('one\ntw')).toEqual({ firstNewLine: 0, newLines: 1, reset: false })
    expect(log.append('o\nthree\nfo')).toEqual({ firstNewLine: 1, newLines: 2, reset: false })
    expect(log.append('ur')).toEqual({ firstNewLine: 3, newLines: 0, reset: false })
    expect(log.lines.map((line) => line.text)).toEqual(['one', 'two', 'three'])
    expect(log.partialLine?.text).toBe('four')
  })

  it('shows the unfinished line but never half a marker', () => {
    const log = new TravisLog()
    log.append('done\ntravis_fold:sta')
    expect(log.partialLine).toBeUndefined()
    log.append('rt:install.1')
    expect(log.partialLine).toBeUndefined()
    log.append(`\r${E}[0K$ npm ci`)
    expect(log.partialLine?.text).toBe('$ npm ci')
    log.append(`\r\n${E}[33;1m`)
    expect(log.partialLine).toBeUndefined()
  })

  it('shows the quiet-mode dots as they come', () => {
    const log = new TravisLog()
    log.append('This build is running in quiet mode. No session output will be displayed.\x1b[0m\r\n.')
    expect(log.partialLine?.text).toBe('.')
    log.append('.')
    expect(log.partialLine?.text).toBe('..')
  })

  it('sync parses only what was added to a polled log', () => {
    const log = new TravisLog()
    expect(log.sync('a\nb')).toEqual({ firstNewLine: 0, newLines: 1, reset: false })
    expect(log.sync('a\nb\nc\n')).toEqual({ firstNewLine: 1, newLines: 2, reset: false })
    expect(log.sync('a\nb\nc\n')).toEqual({ firstNewLine: 3, newLines: 0, reset: false })
    expect(log.lines.map((line) => line.text)).toEqual(['a', 'b', 'c'])
  })

  it('sync starts over when the log was cleared by a restart', () => {
    const log = new TravisLog()
    log.sync(`travis_fold:start:old${CLR}old run\nDone. Your build exited with 1.\n`)
    expect(log.sync('Worker information\n')).toEqual({ firstNewLine: 0, newLines: 1, reset: true })
    expect(log.lines.map((line) => line.text)).toEqual(['Worker information'])
    expect(log.folds).toEqual([])
  })
})
