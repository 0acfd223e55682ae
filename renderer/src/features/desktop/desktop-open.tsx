/**
 * What the desktop host asks the page to show from outside it (`app.open`: a shipmate: link, a
 * Travis page handed to the app, the session picked in the tray or a notification, File → New
 * session from SSH command…), and Travis pages or links dropped on the window.
 *
 * It starts when imported, before the page finishes loading, because the host sends a link that
 * launched the app as soon as the page has loaded; it renders its dialogs in a root of its own so
 * the app's layout needs no slot for them. Nothing here connects or restarts a job: every link ends
 * in a dialog where the user clicks to go on.
 */
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { create } from 'zustand'
import { enterpriseApis } from '@shared/accounts-match'
import type { DebugPreflight, DesktopOpen, JobSummary } from '@shared/api'
import { parseDeepLink, type DeepLink } from '@shared/parse/deep-link'
import { bridge } from '../../bridge'
import { useAccountsStore } from '../../store/accounts-store'
import { openTravisUrl } from '../../store/open-travis-url'
import { openSshCommand, showSession } from '../../store/sessions-store'
import { ErrorText } from '../common/error-text'
import { Modal } from '../common/modal'
import { DebugDialog } from '../debug/debug-dialog'
import { accountsForApiHost, droppedLink, isTextField } from './link-target'

type Shown =
  | { kind: 'ssh'; command: string; fromLink: boolean }
  | { kind: 'job'; apiHost: string; jobId: number }
  | { kind: 'refused'; message: string }

const useDesktopOpen = create<{ shown: Shown | undefined }>(() => ({ shown: undefined }))
const show = (shown: Shown | undefined) => useDesktopOpen.setState({ shown })
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

function open(request: DesktopOpen): void {
  if (request.what === 'session') {
    showSession(request.sessionId)
    return
  }
  if (request.what === 'ssh-paste') {
    show({ kind: 'ssh', command: '', fromLink: false })
    return
  }
  if (!request.result.ok) {
    show({ kind: 'refused', message: request.result.message })
    return
  }
  void openLink(request.result.link)
}

async function openLink(link: DeepLink): Promise<void> {
  if (link.kind === 'ssh') return show({ kind: 'ssh', command: link.command, fromLink: true })
  if (link.kind === 'job') {
    // The debug run the dialog may start is shown in the main view, not over a session.
    showSession(undefined)
    return show({ kind: 'job', apiHost: link.apiHost, jobId: link.jobId })
  }
  // A Travis page: exactly what the "Paste a Travis URL" box does with it.
  show(undefined)
  showSession(undefined)
  try {
    await openTravisUrl(bridge(), link.url)
  } catch (error) {
    show({ kind: 'refused', message: messageOf(error) })
  }
}

function SshDialog({ command, fromLink }: { command: string; fromLink: boolean }) {
  const [text, setText] = useState(command)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const connect = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await openSshCommand(bridge(), text)
      show(undefined)
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal labelledBy="desktop-ssh-title" onCancel={() => show(undefined)}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void connect()
        }}
      >
        <h2 id="desktop-ssh-title">New session from SSH command</h2>
        {fromLink ? (
          <p className="banner banner-warning">
            A link asked Shipmate to open this session. Connect only if you know where the link came from: whoever made it chose the machine you
            will type into.
          </p>
        ) : null}
        <input
          aria-label="SSH command"
          placeholder="ssh TOKEN@HOST"
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoFocus
          disabled={busy}
        />
        <ErrorText message={error} inline />
        <div className="dialog-actions">
          <button type="button" onClick={() => show(undefined)} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            Connect
          </button>
        </div>
      </form>
    </Modal>
  )
}

/** Finds the account for the link's API host and the job's number, then shows the usual debug dialog. */
function JobLinkDialog({ apiHost, jobId }: { apiHost: string; jobId: number }) {
  const accounts = useAccountsStore((state) => state.accounts)
  const loaded = useAccountsStore((state) => state.loaded)
  const currentId = useAccountsStore((state) => state.currentId)
  const [preflight, setPreflight] = useState<DebugPreflight>()
  const [error, setError] = useState<string>()
  const account = accountsForApiHost(accounts, apiHost, currentId)[0]
  const accountId = account?.id
  useEffect(() => {
    if (!accountId) return
    let current = true
    bridge()
      .request('debug.preflight', { accountId, jobId })
      .then(
        (result) => current && setPreflight(result),
        (failure: unknown) => current && setError(messageOf(failure)),
      )
    return () => {
      current = false
    }
  }, [accountId, jobId])
  if (preflight && account) {
    const job: JobSummary = {
      id: jobId,
      number: preflight.jobNumber,
      state: preflight.jobState,
      os: null,
      language: null,
      env: null,
      allowFailure: false,
      stage: null,
      startedAt: null,
      finishedAt: null,
      restartedAt: null,
      canDebug: preflight.eligibility === 'available',
      canCancel: false,
    }
    return <DebugDialog accountId={account.id} job={job} preflight={preflight} onClose={() => show(undefined)} />
  }
  const missing = loaded && !account ? `This link is for job ${jobId} on ${apiHost}, and Shipmate has no account there. Add one first.` : undefined
  return (
    <Modal labelledBy="desktop-job-title" onCancel={() => show(undefined)}>
      <h2 id="desktop-job-title">Debug job {jobId} from a link</h2>
      {!missing && !error ? <p role="status">Looking up job {jobId} on {apiHost}…</p> : null}
      <ErrorText message={missing ?? error} />
      <div className="dialog-actions">
        <button type="button" onClick={() => show(undefined)}>
          Close
        </button>
      </div>
    </Modal>
  )
}

function RefusedDialog({ message }: { message: string }) {
  return (
    <Modal labelledBy="desktop-refused-title" onCancel={() => show(undefined)}>
      <h2 id="desktop-refused-title">Shipmate did not open this link</h2>
      <ErrorText message={message} />
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={() => show(undefined)}>
          OK
        </button>
      </div>
    </Modal>
  )
}

function DesktopOpenDialogs() {
  const shown = useDesktopOpen((state) => state.shown)
  if (!shown) return null
  // A key per request: a second link replaces the dialog instead of keeping the first one's input.
  switch (shown.kind) {
    case 'ssh':
      return <SshDialog key={shown.command} command={shown.command} fromLink={shown.fromLink} />
    case 'job':
      return <JobLinkDialog key={`${shown.apiHost}/${shown.jobId}`} apiHost={shown.apiHost} jobId={shown.jobId} />
    case 'refused':
      return <RefusedDialog key={shown.message} message={shown.message} />
  }
}

function start(): void {
  bridge().on('app.open', open)
  // A Travis page or a shipmate: link dropped on the window works like pasting it; drops on a text field stay text.
  window.addEventListener('dragover', (event) => {
    if (!isTextField(event.target) && event.dataTransfer?.types.some((type) => type === 'text/uri-list' || type === 'text/plain')) event.preventDefault()
  })
  window.addEventListener('drop', (event) => {
    const data = event.dataTransfer
    if (!data || isTextField(event.target)) return
    const text = droppedLink((type) => data.getData(type))
    if (text === undefined) return
    event.preventDefault()
    open({ what: 'link', result: parseDeepLink(text, enterpriseApis(useAccountsStore.getState().accounts)) })
  })
  const container = document.createElement('div')
  container.id = 'desktop-open'
  document.body.append(container)
  createRoot(container).render(<DesktopOpenDialogs />)
}

start()
