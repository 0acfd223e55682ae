import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linkFromArgv, MAX_LINK_CHARS, parseDeepLink, type DeepLink } from '@shared/parse/deep-link'
import { parseSshCommand } from '@shared/parse/ssh-command'

const ok = (input: string, enterprise: string[] = []): DeepLink => {
  const result = parseDeepLink(input, enterprise)
  if (!result.ok) throw new Error(`refused ${JSON.stringify(input)}: ${result.message}`)
  return result.link
}
const refusal = (input: string): string => {
  const result = parseDeepLink(input)
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)} as ${JSON.stringify(result.link)}`)
  return result.message
}

describe('job links', () => {
  it('opens a job on travis-ci.com, an Enterprise host and a local emulator', () => {
    expect(ok('shipmate://job/api.travis-ci.com/123456789')).toEqual({ kind: 'job', apiHost: 'api.travis-ci.com', jobId: 123456789 })
    expect(ok('shipmate://job/travis.example.com/42')).toEqual({ kind: 'job', apiHost: 'travis.example.com', jobId: 42 })
    expect(ok('shipmate://job/127.0.0.1:4567/7')).toEqual({ kind: 'job', apiHost: '127.0.0.1:4567', jobId: 7 })
    expect(ok('shipmate://job/[::1]:4567/7')).toEqual({ kind: 'job', apiHost: '[::1]:4567', jobId: 7 })
  })

  it('takes the scheme, kind and host in any case, and the slash some systems add', () => {
    expect(ok('SHIPMATE://JOB/API.Travis-CI.com/5/')).toEqual({ kind: 'job', apiHost: 'api.travis-ci.com', jobId: 5 })
    expect(ok('  shipmate://job/api.travis-ci.com/5\n')).toEqual({ kind: 'job', apiHost: 'api.travis-ci.com', jobId: 5 })
  })

  it('refuses job IDs that are not whole positive numbers', () => {
    expect(refusal('shipmate://job/api.travis-ci.com/abc')).toContain('"abc" is not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com/0')).toContain('not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com/0123')).toContain('not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com/-1')).toContain('not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com/1e5')).toContain('not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com/99999999999999999999')).toContain('not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com/')).toContain('shipmate://job/API-HOST/JOB-ID')
    expect(refusal('shipmate://job/api.travis-ci.com')).toContain('shipmate://job/API-HOST/JOB-ID')
    expect(refusal('shipmate://job/')).toContain('shipmate://job/API-HOST/JOB-ID')
  })

  it('refuses extra path parts and path traversal', () => {
    expect(refusal('shipmate://job/api.travis-ci.com/1/2')).toContain('shipmate://job/API-HOST/JOB-ID')
    expect(refusal('shipmate://job/../../etc/passwd')).toContain('shipmate://job/API-HOST/JOB-ID')
    expect(refusal('shipmate://job/../1')).toContain('".." is not a valid')
    expect(refusal('shipmate://job/api.travis-ci.com/..')).toContain('not a job ID')
    expect(refusal('shipmate://job/api.travis-ci.com%2F..%2F/1')).toContain('%-escapes')
    expect(refusal('shipmate://job/api.travis-ci.com/%31')).toContain('%-escapes')
  })

  it('refuses hosts that are not host names and ports out of range', () => {
    expect(refusal('shipmate://job/user@api.travis-ci.com/1')).toContain('not a valid host name')
    expect(refusal('shipmate://job/api_travis.com/1')).toContain('not a valid host name')
    expect(refusal('shipmate://job/-bad.example.com/1')).toContain('not a valid host name')
    expect(refusal('shipmate://job/api.travis-ci.com:0/1')).toContain('"0" is not a port')
    expect(refusal('shipmate://job/api.travis-ci.com:65536/1')).toContain('"65536" is not a port')
    expect(refusal('shipmate://job/api.travis-ci.com:99999999/1')).toContain('not a port')
    expect(refusal('shipmate://job/api.travis-ci.com:/1')).toContain('not a port')
    expect(refusal('shipmate://job/api.travis-ci.com:80:80/1')).toContain('not a host name')
    expect(refusal('shipmate://job/256.1.1.1/1')).toContain('not a valid IPv4 address')
    expect(refusal('shipmate://job/[nothex]/1')).toContain('not a host name')
    expect(refusal('shipmate://job/[1234]/1')).toContain('not an IPv6 address')
  })
})

describe('SSH links', () => {
  it('fills in the command in tmate\'s own form, which the paste box accepts as is', () => {
    const link = ok('shipmate://ssh/DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io')
    expect(link).toEqual({ kind: 'ssh', command: 'ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io', host: 'ny2.tmate.io', port: 22 })
    const withPort = ok('shipmate://ssh/SUPERSECURETOKENFORDEVENV@localhost:2200')
    expect(withPort).toEqual({ kind: 'ssh', command: 'ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost', host: 'localhost', port: 2200 })
    for (const parsed of [link, withPort]) {
      if (parsed.kind !== 'ssh') throw new Error('not ssh')
      expect(parseSshCommand(parsed.command).ok).toBe(true)
    }
  })

  it('keeps the slash a tmate token may hold, written as is or as %2F', () => {
    expect(ok('shipmate://ssh/ab/cdef@nyc1.tmate.io')).toMatchObject({ command: 'ssh ab/cdef@nyc1.tmate.io' })
    expect(ok('shipmate://ssh/ab%2Fcdef@nyc1.tmate.io')).toMatchObject({ command: 'ssh ab/cdef@nyc1.tmate.io' })
    expect(ok('shipmate://ssh/ro-abcdef@[::1]:2222')).toMatchObject({ command: 'ssh -p2222 ro-abcdef@::1', port: 2222 })
  })

  it('refuses tokens tmate never issues and anything that could become an ssh option', () => {
    expect(refusal('shipmate://ssh/-oProxyCommand=calc@example.com')).toContain('never uses in tokens')
    expect(refusal('shipmate://ssh/-abcdef@example.com')).toContain('starts with "-"')
    expect(refusal('shipmate://ssh/ab@example.com')).toContain('too short')
    expect(refusal('shipmate://ssh/@example.com')).toContain('token before the @ is missing')
    expect(refusal('shipmate://ssh/abcdef@')).toContain('host after the @ is missing')
    expect(refusal('shipmate://ssh/abcdef')).toContain('shipmate://ssh/TOKEN@HOST')
    expect(refusal('shipmate://ssh/abc$(reboot)@example.com')).toContain('never uses in tokens')
    expect(refusal('shipmate://ssh/abc;rm@example.com')).toContain('never uses in tokens')
  })

  it('refuses percent-encoding tricks and dot segments', () => {
    expect(refusal('shipmate://ssh/abcdef%40evil.com@example.com')).toContain('%-escapes')
    expect(refusal('shipmate://ssh/abcdef@example.com%3A2222')).toContain('%-escapes')
    expect(refusal('shipmate://ssh/abc%00def@example.com')).toContain('%-escapes')
    expect(refusal('shipmate://ssh/abc%252Fdef@example.com')).toContain('%-escapes')
    expect(refusal('shipmate://ssh/../abcdef@example.com')).toContain('. or ..')
    expect(refusal('shipmate://ssh/abc/%2E%2E/def@example.com')).toContain('%-escapes')
  })

  it('takes the last @ as the one before the host, so a second @ cannot hide the host in the token', () => {
    expect(refusal('shipmate://ssh/abcdef@trusted.tmate.io@evil.example')).toContain('token contains "@"')
  })

  it('refuses ports out of range', () => {
    expect(refusal('shipmate://ssh/abcdef@example.com:0')).toContain('not a port')
    expect(refusal('shipmate://ssh/abcdef@example.com:65536')).toContain('not a port')
    expect(refusal('shipmate://ssh/abcdef@example.com:-22')).toContain('not a port')
    expect(refusal('shipmate://ssh/abcdef@example.com:22x')).toContain('not a port')
  })
})

describe('Travis CI addresses', () => {
  it('accepts a build or job page as if it were pasted', () => {
    const job = 'https://app.travis-ci.com/github/OWNER/REPO/jobs/123456789'
    expect(ok(job)).toEqual({ kind: 'travis-url', url: job })
    expect(ok('https://travis-ci.com/OWNER/REPO/builds/9')).toEqual({ kind: 'travis-url', url: 'https://travis-ci.com/OWNER/REPO/builds/9' })
    expect(ok('https://travis.example.com/github/o/r/jobs/5', ['https://travis.example.com/api'])).toMatchObject({ kind: 'travis-url' })
  })

  it('gives the paste box\'s own message for an address that is not a job or build page', () => {
    expect(refusal('https://github.com/OWNER/REPO')).toContain('This is a GitHub address')
    expect(refusal('https://app.travis-ci.com/github/OWNER/REPO')).toContain('the repository page')
    expect(refusal('https://travis.example.com/github/o/r/jobs/5')).toContain('is not a Travis CI host')
  })
})

describe('hostile and foreign links', () => {
  it('refuses other schemes by name', () => {
    expect(refusal('javascript:alert(1)')).toContain('does not open javascript: links')
    expect(refusal('JavaScript://job/%0Aalert(1)')).toContain('does not open javascript: links')
    expect(refusal('file:///etc/passwd')).toContain('does not open file: links')
    expect(refusal('data:text/html,<script>alert(1)</script>')).toContain('does not open data: links')
    expect(refusal('ssh://abcdef@example.com')).toContain('does not open ssh: links')
    expect(refusal('vbscript:msgbox')).toContain('does not open vbscript: links')
  })

  it('refuses shipmate links of unknown kinds or shapes', () => {
    expect(refusal('shipmate://settings/delete-all')).toContain('"shipmate://settings" is not a kind of link')
    expect(refusal('shipmate://')).toContain('is not a kind of link')
    expect(refusal('shipmate:job/api.travis-ci.com/1')).toContain('starts with shipmate://')
    expect(refusal('shipmate:///job/api.travis-ci.com/1')).toContain('is not a kind of link')
    expect(refusal('shipmate://evil@job/api.travis-ci.com/1')).toContain('is not a kind of link')
    expect(refusal('shipmate://job/api.travis-ci.com/1?debug=now')).toContain('query or fragment')
    expect(refusal('shipmate://job/api.travis-ci.com/1#x')).toContain('query or fragment')
  })

  it('refuses control characters, spaces and line breaks anywhere inside', () => {
    for (const bad of ['\u0000', '\u0007', '\t', ' ', '\r\n', '\u001b[31m', '\u007f', '\u0085', '\u009b']) {
      expect(refusal(`shipmate://job/api.travis-ci.com/1${bad}2`)).toContain('control characters')
      expect(refusal(`shipmate://ssh/abc${bad}def@example.com`)).toContain('control characters')
    }
  })

  it('refuses unicode hosts and look-alikes, asking for the xn-- form', () => {
    expect(refusal('shipmate://job/api.trаvis-ci.com/1')).toContain('xn-- form')
    expect(refusal('shipmate://ssh/abcdef@nу2.tmate.io')).toContain('outside plain ASCII')
    expect(refusal('shipmate://job/api.travis-ci.com\u2215evil/1')).toContain('outside plain ASCII')
    expect(refusal('shipmate://job/api.travis-ci.com/１')).toContain('outside plain ASCII')
    expect(refusal('\u202eshipmate://job/api.travis-ci.com/1')).toContain('outside plain ASCII')
    expect(ok('shipmate://job/xn--travis-cia.example/1')).toMatchObject({ apiHost: 'xn--travis-cia.example' })
  })

  it('refuses overlong input before parsing it', () => {
    const long = `shipmate://job/api.travis-ci.com/${'1'.repeat(MAX_LINK_CHARS)}`
    expect(refusal(long)).toContain('too long')
    expect(refusal(' '.repeat(MAX_LINK_CHARS + 1))).toContain('too long')
  })

  it('refuses empty input and plain words', () => {
    expect(refusal('')).toContain('empty')
    expect(refusal('   ')).toContain('empty')
    expect(refusal('hello')).toContain('This is not a link')
    expect(refusal('api.travis-ci.com/1')).toContain('This is not a link')
  })

  it('never throws and never accepts a link that holds a control character, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'job/', 'job/api.travis-ci.com/', 'ssh/', 'ssh/abcdef@'),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (prefix, rest) => {
          const tail = prefix + rest
          const result = parseDeepLink(`shipmate://${tail}`)
          // Accepted links are printable ASCII through and through: no code point below 0x21 or above 0x7e.
          if (result.ok) expect([...tail].every((char) => char >= '!' && char <= '~')).toBe(true)
        },
      ),
    )
  })
})

describe('the link in a command line', () => {
  it('finds a link after the executable, the app path and Chromium\'s switches', () => {
    expect(linkFromArgv(['/opt/Shipmate/shipmate', 'shipmate://job/api.travis-ci.com/1'])).toBe('shipmate://job/api.travis-ci.com/1')
    expect(
      linkFromArgv(['/usr/bin/electron', '.', '--allow-file-access-from-files', '--original-process-start-time=1', 'https://app.travis-ci.com/github/o/r/jobs/1']),
    ).toBe('https://app.travis-ci.com/github/o/r/jobs/1')
    expect(linkFromArgv(['C:\\Shipmate\\Shipmate.exe', '--', 'SHIPMATE://ssh/abcdef@example.com'])).toBe('SHIPMATE://ssh/abcdef@example.com')
  })

  it('never takes the folder after --data-dir for a link, nor a plain path', () => {
    expect(linkFromArgv(['shipmate', '--data-dir', 'https://example.com/x'])).toBeUndefined()
    expect(linkFromArgv(['shipmate', '--data-dir', '/tmp/x', '/home/me/notes.txt'])).toBeUndefined()
    expect(linkFromArgv(['shipmate'])).toBeUndefined()
  })

  it('ignores other schemes, which the parser would refuse anyway', () => {
    expect(linkFromArgv(['shipmate', 'javascript:alert(1)', 'file:///etc/passwd'])).toBeUndefined()
  })
})
