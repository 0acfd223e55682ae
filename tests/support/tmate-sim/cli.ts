import { parseArgs } from 'node:util'
import { startTmateSim } from './index'

/*
 * Standalone tmate simulator: `npx tsx tests/support/tmate-sim/cli.ts [--port N] [--token T]
 * [--no-websocket]`. Prints the session's SSH command on the first line and the host key
 * fingerprint on the second, then serves until SIGINT/SIGTERM and cleans up its tmux server.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      token: { type: 'string' },
      'no-websocket': { type: 'boolean' },
    },
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`)

  const sim = await startTmateSim({ port })
  const session = await sim.createSession({ token: values.token, noWebsocket: values['no-websocket'] === true })
  process.stdout.write(`${session.sshCommand}\n${sim.hostKeyFingerprint}\n`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    // exit() runs the cleanup hook even if closing hangs on a stuck viewer.
    setTimeout(() => process.exit(1), 5000).unref()
    void sim.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // The session ending (host shell exited, crash) does not stop the server: a viewer still
  // gets `Invalid or expired session token`, as from a real server whose session is gone.
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
