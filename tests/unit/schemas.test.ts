import { describe, expect, it } from 'vitest'
import { requestMethods } from '@shared/api'
import { requestSchemas, validateRequest } from '@shared/schemas'
import { MAX_FRAME_BYTES, MAX_INPUT_CHARS } from '@shared/wire'

describe('request validation', () => {
  it('has a schema for every method of the contract', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...requestMethods].sort())
  })

  it('accepts well-formed arguments and treats missing ones as empty', () => {
    expect(validateRequest('app.info', {})).toMatchObject({ ok: true, method: 'app.info' })
    expect(validateRequest('app.info', undefined)).toMatchObject({ ok: true })
    expect(validateRequest('app.dismissNotice', { id: 'n1' })).toEqual({ ok: true, method: 'app.dismissNotice', args: { id: 'n1' } })
  })

  it('names the failing field', () => {
    expect(validateRequest('app.dismissNotice', { id: 7 })).toMatchObject({ ok: false, failure: { field: 'id' } })
    expect(validateRequest('app.dismissNotice', {})).toMatchObject({ ok: false, failure: { field: 'id' } })
    expect(validateRequest('app.info', { sneaky: 1 })).toMatchObject({
      ok: false,
      failure: { field: 'sneaky', message: 'Invalid request "app.info": sneaky is not an accepted field.' },
    })
  })

  it('refuses unknown methods, including inherited property names', () => {
    expect(validateRequest('accounts.drop', {})).toMatchObject({ ok: false, failure: { field: 'method' } })
    expect(validateRequest('toString', {})).toMatchObject({ ok: false, failure: { field: 'method' } })
    expect(validateRequest('__proto__', {})).toMatchObject({ ok: false, failure: { field: 'method' } })
  })

  it('echoes an unknown method name or an unexpected key shortened, never whole', () => {
    const long = 'x'.repeat(100_000)
    const method = validateRequest(long, {})
    expect(method).toMatchObject({ ok: false, failure: { field: 'method' } })
    if (method.ok) return
    expect(method.failure.message).toBe(`Unknown request method "${'x'.repeat(60)}…".`)
    const key = validateRequest('app.info', { [long]: 1 })
    if (key.ok) throw new Error('an unknown key was accepted')
    expect(key.failure.field).toBe(`${'x'.repeat(60)}…`)
    expect(key.failure.message.length).toBeLessThan(200)
  })

  it('takes terminal input only in pieces that fit in one frame however JSON escapes them', () => {
    // NUL and lone surrogates are the characters JSON writes longest (six bytes each).
    const worst = '\u0000\ud800'.repeat(MAX_INPUT_CHARS / 2)
    expect(validateRequest('sessions.input', { sessionId: 's1', data: worst })).toMatchObject({ ok: true })
    expect(validateRequest('sessions.input', { sessionId: 's1', data: 'a'.repeat(MAX_INPUT_CHARS + 1) })).toMatchObject({
      ok: false,
      failure: { field: 'data' },
    })
    const request = { type: 'request', id: Number.MAX_SAFE_INTEGER, method: 'sessions.input', args: { sessionId: 's'.repeat(100), data: worst } }
    expect(Buffer.byteLength(JSON.stringify(request))).toBeLessThan(MAX_FRAME_BYTES)
  })
})
