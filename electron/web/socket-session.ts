import { timingSafeEqual } from 'node:crypto'
import type { WebSocket } from 'ws'
import type { ServerMessage } from '@shared/wire'
import { CLOSE_BAD_SECRET, parseClientMessage } from '@shared/wire'
import type { Core } from '../core/create-core'
import { dispatch } from '../core/dispatch'
import type { Logger } from '../core/log'
import type { RefusalLog } from './refusal-log'

const HELLO_TIMEOUT_MS = 5_000

/**
 * The most a page may leave unread before it is dropped. A page that reads takes a loopback
 * connection's data at hundreds of MB/s, so a backlog this deep means it has stopped reading (or
 * is not a page at all). It is checked before each message, so one large reply (a job log: Travis
 * ends a job at 4 MB of log, a little more once JSON escapes it) never trips it alone; memory per
 * connection stays below this plus one message.
 */
export const MAX_UNSENT_BYTES = 8 * 1024 * 1024

export interface SocketSessionOptions {
  core: Core
  secret: string
  log: Logger
  /** Where refusals and connection failures go, rate-limited. */
  refusals: RefusalLog
  peer: string
}

/**
 * One page's WebSocket: it must prove it knows the secret in its first message, then speaks the same
 * requests and events as the Electron IPC. A malformed message gets an error reply; the connection
 * stays up and nothing reaches the core. A protocol error (a frame too large, bad UTF-8, a bad close
 * code) closes only this connection.
 */
export function runSocketSession(socket: WebSocket, options: SocketSessionOptions): void {
  const { core, secret, log, refusals, peer } = options
  let authenticated = false
  let finished = false
  let unsubscribe: (() => void) | undefined

  const send = (message: ServerMessage) => {
    if (finished || socket.readyState !== socket.OPEN) return
    if (socket.bufferedAmount > MAX_UNSENT_BYTES) {
      drop()
      return
    }
    socket.send(JSON.stringify(message))
  }
  const drop = () => {
    finished = true
    socket.pause()
    refusals.write(`Dropped the browser-mode connection from ${peer}: it left more than ${MAX_UNSENT_BYTES / 1024 / 1024} MiB unread.`)
    socket.terminate()
  }
  const refuse = (why: string) => {
    finished = true
    refusals.write(`Refused a browser-mode connection from ${peer}: ${why}.`)
    socket.close(CLOSE_BAD_SECRET, 'wrong secret')
  }
  const helloTimer = setTimeout(() => refuse('no secret within 5 s'), HELLO_TIMEOUT_MS)

  socket.on('message', (data, isBinary) => {
    // What was already read when the connection was refused or dropped is not looked at.
    if (finished) return
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
  // ws closes the connection itself after an error; without a listener the error would end the process.
  socket.on('error', (error) => refusals.write(`Closed the browser-mode connection from ${peer}: ${error.message}.`))
  socket.on('close', () => {
    finished = true
    clearTimeout(helloTimer)
    unsubscribe?.()
  })
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
