import type { DetectionState, HostKeyPrompt, TimelineEvent } from '@shared/api'
import { detectionHeadline } from '@shared/detection'
import type { Core } from '../core/create-core'
import { EXIT_FAILURE, EXIT_OK, type CliIo } from './io'

export interface WatchOptions {
  command: string
  /** The SHA256 fingerprint to trust without asking (needed where no terminal can ask). */
  trustHostKey: string | undefined
}

/**
 * `shipmate watch "SSH COMMAND"`: connects like the app does, starts the guard, and prints one
 * line per event (time, event, clients connected) until Ctrl-C or the session ends; the
 * join-detection state goes to stderr in the page's words whenever it changes. The events are
 * the session timeline's: `present_at_connect` when Shipmate's own first count is 2 or more,
 * `count_disputed` when a count on the status row was written by someone else, `early_sign` for
 * what suggests someone was there first. `joined` / `left` are counted changes; where no count is
 * available (a server without tmate-websocket, a read-only connection) a smaller client's window is
 * the one sign of someone else, printed as `possible_join` and, once it has gone, `possible_leave`.
 */
export async function runWatchCommand(core: Core, options: WatchOptions, io: CliIo): Promise<number> {
  const session = core.sessions.openCommand(options.command)
  const id = session.id
  io.err(`Watching ${session.maskedCommand}. Ctrl-C to stop.\n`)
  return new Promise<number>((resolve) => {
    let done = false
    let shownDetection: DetectionState | undefined
    const finish = (code: number) => {
      if (done) return
      done = true
      unsubscribe()
      core.sessions.disconnect(id)
      resolve(code)
    }
    const stops = [
      core.events.on('sessions.timeline', (event) => {
        if (event.sessionId === id) io.out(formatEvent(event))
      }),
      core.events.on('sessions.hostKeyPrompt', (prompt) => {
        if (prompt.sessionId === id) void answerHostKey(core, prompt, options.trustHostKey, io)
      }),
      core.events.on('sessions.passphrasePrompt', (prompt) => {
        if (prompt.sessionId !== id) return
        // A key passphrase is asked only on a terminal; elsewhere that key is skipped.
        const ask = io.isTerminal ? io.readSecret(`Passphrase for ${prompt.keyPath}: `) : Promise.resolve('')
        void ask.then((passphrase) => core.sessions.answerPassphrase(id, passphrase || null))
      }),
      core.events.on('sessions.changed', (summary) => {
        if (summary.id !== id) return
        // The page's join-detection line, on stderr, each time its state changes while connected.
        if (summary.state === 'connected' && summary.detection.state !== shownDetection) {
          shownDetection = summary.detection.state
          io.err(`${detectionHeadline(summary.detection)}\n`)
        }
        if (summary.state === 'failed') {
          io.err(`shipmate: ${summary.detail ?? 'the session failed'}\n`)
          finish(EXIT_FAILURE)
        } else if (summary.state === 'ended') finish(EXIT_OK)
      }),
    ]
    const unsubscribe = () => {
      for (const stop of stops) stop()
    }
    void io.interrupted().then(() => finish(EXIT_OK))
  })
}

async function answerHostKey(core: Core, prompt: HostKeyPrompt, trusted: string | undefined, io: CliIo): Promise<void> {
  const where = `${prompt.host}:${prompt.port}`
  if (prompt.changed) {
    io.err(
      `shipmate: the host key of ${where} has changed (now ${prompt.fingerprint}); someone may be intercepting the connection. Refused.\n`,
    )
    return
  }
  if (trusted !== undefined) {
    const matches = trusted === prompt.fingerprint
    if (!matches) io.err(`shipmate: ${where} presents ${prompt.fingerprint}, not the ${trusted} given with --trust-host-key. Refused.\n`)
    core.sessions.answerHostKey(prompt.sessionId, matches)
    return
  }
  if (io.isTerminal && io.ask) {
    const intro = prompt.trustStoreLost ? `${where}: ${prompt.trustStoreLost}\n` : `${where} is new to Shipmate. `
    const answer = await io.ask(`${intro}Its ${prompt.algorithm} key fingerprint is ${prompt.fingerprint}.\nTrust it? [y/N] `)
    core.sessions.answerHostKey(prompt.sessionId, /^y(es)?$/i.test(answer.trim()))
    return
  }
  io.err(`shipmate: ${where} has an unknown host key (${prompt.fingerprint}); with no terminal to ask, pass --trust-host-key ${prompt.fingerprint} to trust it.\n`)
  core.sessions.answerHostKey(prompt.sessionId, false)
}

function formatEvent(event: TimelineEvent): string {
  const time = new Date(event.at).toTimeString().slice(0, 8)
  const mates = event.mates === null ? '-' : String(event.mates)
  return `${time}  ${event.kind.padEnd(20)} ${mates}${event.detail ? `  ${event.detail}` : ''}\n`
}
