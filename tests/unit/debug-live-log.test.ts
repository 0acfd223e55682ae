import { describe, expect, it } from 'vitest'
import { liveChannelName, liveLogPart } from '../../electron/core/debug/live-log'
import { LogAssembler } from '../../electron/core/debug/log-parts'
import { liveJobDelay, DEFAULT_POLL_SETTINGS } from '../../electron/core/debug/poll-schedule'
import { liveConfigOf } from '../../electron/core/travis/live-config'

const E = '\x1b'
const SSH = `${E}[32;1mssh -p2222 Xk7mPq2RsT9vWy3Za4Bc5De6F@tmate.example.test${E}[0m\r\n`

describe('assembling a job log from its parts', () => {
  it('puts parts in number order whatever order they came in, each once', () => {
    const log = new LogAssembler()
    expect(log.add({ number: 1, content: 'b', final: false })).toBe(true)
    expect(log.text).toBe('')
    expect(log.hasGap).toBe(true)
    expect(log.add({ number: 0, content: 'a', final: false })).toBe(true)
    expect(log.add({ number: 0, content: 'a', final: false })).toBe(false)
    expect(log.add({ number: 1, content: 'other', final: false })).toBe(false)
    expect(log.text).toBe('ab')
    expect(log.hasGap).toBe(false)
    expect(log.complete).toBe(false)
    log.add({ number: 2, content: 'c', final: true })
    expect(log.complete).toBe(true)
  })

  it('holds back what follows a missing part, so an SSH line cut in two is never read with its middle gone', () => {
    const cut = SSH.indexOf('Bc5')
    const log = new LogAssembler()
    log.add({ number: 0, content: 'Use the following SSH command to access the interactive debugging environment:\r\n', final: false })
    log.add({ number: 2, content: SSH.slice(cut), final: false })
    expect(log.text).not.toContain('tmate.example.test')
    log.add({ number: 1, content: SSH.slice(0, cut), final: false })
    expect(log.text).toContain(SSH)
  })

  it('refuses part numbers that are not counts', () => {
    const log = new LogAssembler()
    expect(log.add({ number: -1, content: 'x', final: false })).toBe(false)
    expect(log.add({ number: 1.5, content: 'x', final: false })).toBe(false)
    expect(log.empty).toBe(true)
  })
})

describe('the live channel', () => {
  it('names the job channel, private for private repositories', () => {
    expect(liveChannelName(42, false)).toBe('job-42')
    expect(liveChannelName(42, true)).toBe('private-job-42')
  })

  it('reads a job:log payload as travis-logs sends it, and travis-web\'s wrapped form', () => {
    expect(liveLogPart({ id: 42, _log: 'hi', number: 3, final: false }, 42)).toEqual({ number: 3, content: 'hi', final: false })
    expect(liveLogPart({ job: { id: '42', _log: 'end', number: '7', final: true } }, 42)).toEqual({ number: 7, content: 'end', final: true })
    expect(liveLogPart({ id: 43, _log: 'hi', number: 3 }, 42)).toBeUndefined()
    expect(liveLogPart({ id: 42, number: 3 }, 42)).toBeUndefined()
    expect(liveLogPart({ id: 42, _log: 'x', number: -1 }, 42)).toBeUndefined()
    expect(liveLogPart('{"id":42}', 42)).toBeUndefined()
  })

  it('reads where the channel is from the API config; no key means none', () => {
    expect(liveConfigOf({ config: { pusher: { key: '5df8ac576dcccf4fd076' } } })).toEqual({
      key: '5df8ac576dcccf4fd076',
      host: undefined,
      port: undefined,
      tls: true,
      path: '',
      privateChannels: false,
    })
    expect(liveConfigOf({ config: { pusher: { key: 'k', host: '127.0.0.1', port: '8080', scheme: 'http', path: '/live/', private: true } } })).toEqual({
      key: 'k',
      host: '127.0.0.1',
      port: 8080,
      tls: false,
      path: '/live',
      privateChannels: true,
    })
    expect(liveConfigOf({ config: { pusher: { key: 'k', secure: true } } })?.privateChannels).toBe(true)
    expect(liveConfigOf({ config: { pusher: {} } })).toBeUndefined()
    expect(liveConfigOf({ config: { pusher: null } })).toBeUndefined()
    expect(liveConfigOf({ config: { pusher: { key: 'k', host: 'evil.test/path?x=' } } })).toBeUndefined()
  })

  it('reads the job slowly while the log comes by itself, soon once its last part came', () => {
    const s = DEFAULT_POLL_SETTINGS
    expect(liveJobDelay({ step: 'queued', logFlowing: false, logComplete: false }, s)).toBe(s.liveJobMs)
    expect(liveJobDelay({ step: 'setting_up', logFlowing: true, logComplete: false }, s)).toBe(s.jobEveryMs)
    expect(liveJobDelay({ step: 'ready', logFlowing: true, logComplete: false }, s)).toBe(s.readyMs)
    expect(liveJobDelay({ step: 'ready', logFlowing: true, logComplete: true }, s)).toBe(s.waitingMs)
  })
})
