import { timingSafeEqual } from 'node:crypto'
import type { WebSocket } from 'ws'
import type { ServerMessage } from '@shared/wire'
import { CLOSE_BAD_SECRET, parseClientMessage } from '@shared/wire'
import type { Core } from '../core/create-core'
import { dispatch } from '../core/dispatch'
import type { Logger } from '../core/log'

const HELLO_TIMEOUT_MS = 5_000

/**
 * One page's WebSocket: it must prove it knows the secret in its first message, then speaks the same
 * requests and events as the Electron IPC. A malformed message gets an error reply; the connection
 * stays up and nothing reaches the core.
 */
export function runSocketSession(socket: WebSocket, core: Core, secret: string, log: Logger, peer: string): void {
  let authenticated = false
  let unsubscribe: (() => void) | undefined
  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
  }
  const refuse = (why: string) => {
    log.warn(`Refused a browser-mode connection from ${peer}: ${why}.`)
    socket.close(CLOSE_BAD_SECRET, 'wrong secret')
  }
  const helloTimer = setTimeout(() => refuse('no secret within 5 s'), HELLO_TIMEOUT_MS)

  socket.on('message', (data, isBinary) => {
    const message = isBinary ? undefined : parseClientMessage(String(data))
    if (!authenticated) {
      clearTimeout(helloTimer)
      if (message?.type !== 'hello' || !sameSecret(message.secret, secret)) {
        refuse('wrong secret')
        return
      }
      authenticated = true
      unsubscribe = core.events.subscribe((name, payload) => send({ type: 'event', name, payload }))
      send({ type: 'welcome' })
      return
    }
    if (message?.type !== 'request') {
      send({
        type: 'error',
        error: { code: 'invalid_message', message: 'Malformed message: expected a JSON request with an id and a method.' },
      })
      return
    }
    void dispatch(core, message.method, message.args, log).then((reply) => send({ type: 'reply', id: message.id, ...reply }))
  })
  socket.on('close', () => {
    clearTimeout(helloTimer)
    unsubscribe?.()
  })
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
