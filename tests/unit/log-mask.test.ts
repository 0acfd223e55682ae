import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { maskLog } from '../../electron/core/debug/log-mask'
import { maskToken } from '../../electron/core/sessions/mask'

const TOKEN = 'Xk7mPq2RsT9vWy3Za4Bc5De6F'
const GREEN = (text: string) => `\x1b[32;1m${text}\x1b[0m`
const PROMPT = '\x1b[33;1mUse the following SSH command to access the interactive debugging environment:\x1b[0m\r\n'
const LOG = `Preparing debug sessions.\r\n${PROMPT}${GREEN(`ssh -p2222 ${TOKEN}@tmate.example.test`)}\r\nThis build is running in quiet mode. No session output will be displayed.\x1b[0m\r\n...`

/** More of the token than its mask shows: any five characters of it in a row. */
function leaks(text: string, token: string): boolean {
  for (let i = 0; i + 5 <= token.length; i++) if (text.includes(token.slice(i, i + 5))) return true
  return false
}

describe('job log masking', () => {
  test('the SSH line shows the masked token, everything else as it was', () => {
    const shown = maskLog(LOG)
    expect(shown).toBe(LOG.replace(TOKEN, maskToken(TOKEN)))
    expect(shown).toContain(`ssh -p2222 ${maskToken(TOKEN)}@tmate.example.test`)
  })

  test('every form tmate and Travis print: port 22, -p PORT, ssh://', () => {
    for (const line of [`ssh ${TOKEN}@nyc1.tmate.io`, `ssh -p 2200 ${TOKEN}@h`, `ssh://${TOKEN}@h:2200`, `ssh session: ssh ${TOKEN}@h`]) {
      const shown = maskLog(`${line}\n`)
      expect(leaks(shown, TOKEN), line).toBe(false)
      expect(shown).toContain(maskToken(TOKEN))
    }
  })

  test('a token seen in an SSH line is masked wherever else it shows (a web session address)', () => {
    const shown = maskLog(`ssh ${TOKEN}@h\nweb session: https://tmate.io/t/${TOKEN}\n`)
    expect(leaks(shown, TOKEN)).toBe(false)
    expect(shown).toContain(`https://tmate.io/t/${maskToken(TOKEN)}`)
  })

  test('an unfinished line that is, or may become, an SSH line waits for its end', () => {
    const head = `Preparing debug sessions.\r\n${PROMPT}`
    expect(maskLog(`${head}${GREEN(`ssh -p2222 ${TOKEN.slice(0, 13)}`)}`)).toBe(head)
    expect(maskLog(`${head}\x1b[32;1mss`)).toBe(head)
    expect(maskLog(`${head}\x1b[32;1ms`)).toBe(head)
    // …but not any unfinished line: the dots of quiet mode show as they come.
    expect(maskLog(`${head}....`)).toBe(`${head}....`)
  })

  test('an unfinished line that may be continuing a token already seen waits too', () => {
    const head = `ssh ${TOKEN}@h\n`
    expect(maskLog(`${head}https://tmate.io/t/${TOKEN.slice(0, 6)}`)).toBe(maskLog(head))
    expect(maskLog(`${head}https://tmate.io/t/`)).toBe(`${maskLog(head)}https://tmate.io/t/`)
  })

  test('wherever Travis cuts the log, no cut shows more of the token than its mask', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LOG.length }), (cut) => {
        expect(leaks(maskLog(LOG.slice(0, cut)), TOKEN)).toBe(false)
      }),
    )
  })

  test('a log without a tmate SSH line passes unchanged', () => {
    const plain = '$ git clone https://github.com/alice/app.git\r\nssh -T git@github.com\r\n'
    expect(maskLog(plain)).toBe(plain)
  })
})
