import { describe, expect, test } from 'vitest'
import { screenMask } from '../../electron/core/sessions/mask'
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, StreamRewriter } from '../../electron/core/sessions/stream-rewriter'

const TOKEN = 'kq3NhTz8VbWc5XmPd7RyGf2Ls'
const MASK = screenMask(TOKEN)
/** Erase in display: what would wipe the last screen. */
const CLEAR = new RegExp(`${'\x1b'}\\[[02]?J`)

describe('StreamRewriter: the session token across reads', () => {
  test('an echoed key that could begin the token goes on at once', () => {
    const stream = new StreamRewriter(TOKEN)
    stream.push(`${ENTER_ALT_SCREEN}travis@sim:~$ `)
    expect(stream.push('k')).toBe('k')
    expect(stream.holdMs).toBe(0)
  })

  test('a token split right after its first characters is still masked when the rest comes', () => {
    const stream = new StreamRewriter(TOKEN)
    const reads = [`ssh ${TOKEN.slice(0, 1)}`, `${TOKEN.slice(1, 3)}`, `${TOKEN.slice(3)}@sim.tmate.test\r\n`]
    const out = reads.map((read) => stream.push(read)).join('') + stream.flush()
    expect(out).toBe(`ssh ${MASK}@sim.tmate.test\r\n`)
    expect(out).not.toContain(TOKEN.slice(4, -4))
  })

  test('of a token that may be starting, what its mask hides is held until the rest comes', () => {
    const stream = new StreamRewriter(TOKEN)
    expect(stream.push(`ssh ${TOKEN.slice(0, 9)}`)).toBe(`ssh ${TOKEN.slice(0, 4)}`)
    expect(stream.holdMs).toBeGreaterThan(0)
    expect(stream.push(`${TOKEN.slice(9)}@host`)).toBe(`${MASK.slice(4)}@host`)
  })

  test('a start of the token that grows over several reads is held once it passes the shown head', () => {
    const stream = new StreamRewriter(TOKEN)
    const out = [stream.push(`ssh ${TOKEN.slice(0, 1)}`), stream.push(TOKEN.slice(1, 7))]
    expect(out.join('')).toBe(`ssh ${TOKEN.slice(0, 4)}`)
    expect(stream.holdMs).toBeGreaterThan(0)
    out.push(stream.push(`${TOKEN.slice(7)} done`), stream.flush())
    expect(out.join('')).toBe(`ssh ${MASK} done`)
  })

  test('every split of the token across two reads is masked', () => {
    for (let at = 0; at <= TOKEN.length; at++) {
      const stream = new StreamRewriter(TOKEN)
      const out = stream.push(`>${TOKEN.slice(0, at)}`) + stream.push(`${TOKEN.slice(at)}<`) + stream.flush()
      expect(out, `split after ${at}`).toBe(`>${MASK}<`)
    }
  })

  test('the mask shows nothing of a short token, so any start of one is held', () => {
    const stream = new StreamRewriter('abcdef')
    expect(stream.push('x a')).toBe('x ')
    expect(stream.holdMs).toBeGreaterThan(0)
    expect(stream.push('bcdef y') + stream.flush()).toBe(`${screenMask('abcdef')} y`)
  })

  test('the start of a screen switch is held whatever the token', () => {
    const stream = new StreamRewriter(TOKEN)
    expect(stream.push('hello\x1b[?10')).toBe('hello')
    expect(stream.holdMs).toBeGreaterThan(0)
    expect(stream.push('49h')).toBe(ENTER_ALT_SCREEN)
    expect(stream.started).toBe(true)
  })
})

describe('StreamRewriter: read-only tokens across reads', () => {
  // tmate's message view prints the read-only line at start; its token is not known in advance.
  const RO_TOKEN = 'ro-Zp4QwX9mTb2Lk7VhRc5Nd8Jf3'
  const RO_MASK = screenMask(RO_TOKEN)

  test('every split of a read-only token across two reads is masked', () => {
    for (let at = 0; at <= RO_TOKEN.length; at++) {
      const stream = new StreamRewriter(TOKEN)
      const out = stream.push(`read only: ssh ${RO_TOKEN.slice(0, at)}`) + stream.push(`${RO_TOKEN.slice(at)}@host\r\n`) + stream.flush()
      expect(out, `split after ${at}`).toBe(`read only: ssh ${RO_MASK}@host\r\n`)
    }
  })

  test('a read-only token over many small reads is masked, and its hidden part never goes on early', () => {
    const stream = new StreamRewriter(TOKEN)
    let out = stream.push('ssh ')
    for (const char of RO_TOKEN) {
      out += stream.push(char)
      expect(out).not.toContain(RO_TOKEN.slice(0, 5))
    }
    out += stream.push('@host') + stream.flush()
    expect(out).toBe(`ssh ${RO_MASK}@host`)
  })

  test('text that only begins like a read-only token comes out unchanged once it is complete', () => {
    const stream = new StreamRewriter(TOKEN)
    expect(stream.push('see ro-ad')).toBe('see ro-a')
    expect(stream.holdMs).toBeGreaterThan(0)
    expect(stream.push('min now') + stream.flush()).toBe('dmin now')
    const short = new StreamRewriter(TOKEN)
    expect(short.push('x ro-ab') + short.flush()).toBe('x ro-ab')
  })

  test('ro- inside a word never holds anything back', () => {
    const stream = new StreamRewriter(TOKEN)
    expect(stream.push('macro-expan')).toBe('macro-expan')
    expect(stream.holdMs).toBe(0)
  })
})

describe('StreamRewriter: the last screen at the end of a session', () => {
  // tmux 3.3 writes its terminal reset with one write per capability, so a read may end anywhere in it.
  const RESET = ['\x1b[1;24r\x1b[m\x0f', '\x1b[?1l\x1b>', '\x1b[H\x1b[J', '\x1b[?2004l\x1b[?25h', `${LEAVE_ALT_SCREEN}`, '[detached (from session default)]\r\r\n']

  test('the clear before leaving the alternate screen is dropped however the reset is split', () => {
    for (let cut = 1; cut < RESET.length; cut++) {
      const stream = new StreamRewriter(TOKEN)
      let out = stream.push(`${ENTER_ALT_SCREEN}travis@sim:~$ `)
      out += stream.push(RESET.slice(0, cut).join(''))
      for (const read of RESET.slice(cut)) out += stream.push(read)
      out += stream.flush()
      expect(out, `reads split before part ${cut}`).not.toMatch(CLEAR)
      expect(stream.exited).toBe(true)
    }
  })

  test('a reset split into one read per capability keeps the screen too', () => {
    const stream = new StreamRewriter(TOKEN)
    let out = stream.push(`${ENTER_ALT_SCREEN}travis@sim:~$ `)
    for (const read of RESET) out += stream.push(read)
    expect(out + stream.flush()).not.toMatch(CLEAR)
  })
})
