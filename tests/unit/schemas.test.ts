import { describe, expect, it } from 'vitest'
import { requestMethods } from '@shared/api'
import { requestSchemas, validateRequest } from '@shared/schemas'

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
})
