import { useState } from 'react'
import type { DebugRun } from '@shared/api'
import { bridge } from '../../bridge'
import { ErrorText } from '../common/error-text'

const NO_CLIPBOARD = 'This window has no access to the clipboard. Use "Show SSH command" and copy it from there.'

/**
 * The log shows the SSH command with its token masked. The whole command, which lets anyone type
 * into the build VM, is fetched from the core only on these clicks and kept only while shown.
 * Give it `key={run.id}`, so nothing of one run's command stays when another run's log shows.
 */
export function SshCommandActions({ run }: { run: DebugRun }) {
  const [shown, setShown] = useState<string>()
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<string>()

  // Offered once the log has shown the SSH line: before that there is nothing to copy.
  if (run.step !== 'ready' && run.sessionId === undefined) return null

  const withCommand = (use: (command: string) => Promise<void> | void) => {
    setError(undefined)
    setCopied(false)
    bridge()
      .request('debug.sshCommand', { runId: run.id })
      .then(({ command }) => use(command))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
  }

  return (
    <>
      <div className="log-toolbar">
        <button
          type="button"
          onClick={() => {
            // Without a clipboard to put it on, the command is not fetched at all.
            if (!navigator.clipboard) {
              setError(NO_CLIPBOARD)
              return
            }
            withCommand(async (command) => {
              await navigator.clipboard.writeText(command)
              setCopied(true)
            })
          }}
        >
          Copy SSH command
        </button>
        {shown === undefined ? (
          <button type="button" onClick={() => withCommand((command) => setShown(command))}>
            Show SSH command
          </button>
        ) : (
          <button type="button" onClick={() => setShown(undefined)}>
            Hide SSH command
          </button>
        )}
        <span className="muted" role="status" aria-label="SSH command copied">
          {copied ? 'Copied. Anyone with this command can type into the build VM.' : ''}
        </span>
      </div>
      {shown !== undefined ? (
        <code className="log-toolbar" aria-label="Full SSH command">
          {shown}
        </code>
      ) : null}
      <ErrorText message={error} inline />
    </>
  )
}
