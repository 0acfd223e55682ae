import { randomInt } from 'node:crypto'
import type { Socket } from 'node:net'
import type { Connection, ServerChannel } from 'ssh2'
import { authenticate } from './auth'
import type { SimSession } from './session'
import { passesTokenCheck } from './tokens'
import type { Viewer } from './viewer'

export interface SessionLookup {
  find(token: string): { session: SimSession; readOnly: boolean } | undefined
}

export interface ConnectionContext {
  socket: Socket
  /** Stops the 20 s deadline for authenticating and opening the shell. */
  cancelGrace: () => void
}

/** Size of a viewer that sent no pty-req. */
const DEFAULT_SIZE = { cols: 80, rows: 24 }

/**
 * One SSH connection, handled as tmate-ssh-server does for a viewer: username =
 * token, one session channel, pty-req (size only), shell; exec and everything else refused.
 */
export function serveConnection(client: Connection, context: ConnectionContext, lookup: SessionLookup): void {
  let username = ''
  let channelOpened = false
  let shellStarted = false
  let size = { ...DEFAULT_SIZE }
  let viewer: Viewer | undefined

  /*
   * The server does not end the SSH protocol politely: the viewer process exits and the TCP
   * connection closes, without exit-status or disconnect message. OpenSSH then prints
   * `Connection to HOST closed by remote host.` and exits 255; ssh2 emits only `close`.
   */
  const hangUp = (): void => {
    context.socket.end()
    setTimeout(() => context.socket.destroy(), 2000).unref()
  }

  const refuse = (channel: ServerChannel, message: string): void => {
    channel.write(`${message}\r\n`)
    hangUp()
  }

  const startShell = (channel: ServerChannel): void => {
    if (!passesTokenCheck(username)) {
      refuse(channel, 'Invalid session token')
      return
    }
    const found = lookup.find(username)
    if (found === undefined || found.session.isOver) {
      // The server sleeps a random 50-200 ms before answering an unknown token.
      setTimeout(() => refuse(channel, 'Invalid or expired session token'), randomInt(50, 201))
      return
    }
    viewer = found.session.attachViewer(channel, found.readOnly, size, hangUp)
  }

  client.on('authentication', (ctx) => {
    username = ctx.username
    authenticate(ctx, lookup.find(ctx.username)?.session.authorizedKeys)
  })

  client.on('session', (accept, reject) => {
    // One channel per connection: a second session channel is refused.
    if (channelOpened) {
      reject()
      return
    }
    channelOpened = true
    const session = accept()
    session.on('pty', (acceptPty, _reject, info) => {
      // Only the size is used; the TERM the client sent is ignored.
      if (info.cols > 0 && info.rows > 0) size = { cols: info.cols, rows: info.rows }
      acceptPty?.()
    })
    session.on('window-change', (acceptChange, _reject, info) => {
      if (info.cols > 0 && info.rows > 0) size = { cols: info.cols, rows: info.rows }
      viewer?.resize(size.cols, size.rows)
      acceptChange?.()
    })
    session.on('shell', (acceptShell, rejectShell) => {
      if (shellStarted) {
        rejectShell?.()
        return
      }
      shellStarted = true
      context.cancelGrace()
      startShell(acceptShell())
    })
    // Any subsystem is acknowledged but gives the connection no role; the grace timer ends it.
    session.on('subsystem', (acceptSubsystem) => {
      acceptSubsystem()
    })
    // No 'exec' listener: ssh2 then refuses it, which OpenSSH reports as `exec request failed`.
  })

  client.on('close', () => {
    context.cancelGrace()
    viewer?.close()
  })
  client.on('error', () => {
    // Resets and protocol errors end the connection; 'close' cleans up.
  })
}
