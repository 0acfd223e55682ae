import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { requestSchemas, validateRequest } from '@shared/schemas'
import { type ClientMessage, parseClientMessage } from '@shared/wire'
import { WIRE_MESSAGES, anyText, outsideText } from './samples'

const METHODS = Object.keys(requestSchemas)
const message: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), secret: fc.string({ unit: 'binary' }) }),
  fc.record(
    { type: fc.constant('request' as const), id: fc.maxSafeInteger(), method: fc.oneof(fc.constantFrom(...METHODS), fc.string()), args: fc.jsonValue() },
    { requiredKeys: ['type', 'id', 'method'] },
  ),
)
/** Names an object already has without owning them, which a lookup by name must not take for methods. */
const inherited = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__')

describe('messages from the page', () => {
  it('never throw; what is read is a hello with a secret or a request with a safe id and a method', () => {
    const frames = fc.oneof(outsideText(WIRE_MESSAGES), fc.jsonValue().map((value) => JSON.stringify(value)), message.map((m) => JSON.stringify(m)))
    fc.assert(
      fc.property(frames, (frame) => {
        const read = parseClientMessage(frame)
        if (read === undefined) return
        if (read.type === 'hello' && typeof read.secret !== 'string') throw new Error('hello without a secret')
        if (read.type === 'request' && (!Number.isSafeInteger(read.id) || typeof read.method !== 'string')) throw new Error('bad request')
      }),
    )
  })

  it('read back every well-formed message as it was sent', () => {
    fc.assert(
      fc.property(message, (sent) => {
        const read = parseClientMessage(JSON.stringify(sent))
        const expected = JSON.parse(JSON.stringify(sent)) as ClientMessage
        if (JSON.stringify(read) !== JSON.stringify(expected)) throw new Error(`read ${JSON.stringify(read)}`)
      }),
    )
  })
})

describe('request arguments from the page', () => {
  it('are validated without throwing, for any method name and any arguments', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...METHODS), inherited, anyText), fc.oneof(fc.anything(), fc.jsonValue()), (method, args) => {
        const result = validateRequest(method, args)
        if (result.ok) {
          if (!Object.hasOwn(requestSchemas, result.method)) throw new Error(`accepted ${method}`)
          return
        }
        if (result.failure.field === '' || !result.failure.message.endsWith('.')) throw new Error(JSON.stringify(result.failure))
      }),
    )
  })

  it('name an empty key as "" (found by the property above)', () => {
    expect(validateRequest('app.info', { '': {} })).toEqual({
      ok: false,
      failure: { field: '""', message: 'Invalid request "app.info": "" is not an accepted field.' },
    })
  })

  it('are refused for names every object inherits', () => {
    fc.assert(
      fc.property(inherited, fc.anything(), (method, args) => {
        if (validateRequest(method, args).ok) throw new Error(`accepted ${method}`)
      }),
    )
  })
})
