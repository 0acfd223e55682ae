import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { pasteText, sha256 } from '../support/paste-text'
import { waitFor } from '../support/poll'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

let sim: TmateSim
let scratch: string

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
  // The simulator's host is this machine, so the file the shell writes is read from here.
  scratch = await mkdtemp(join(tmpdir(), 'shipmate-paste-'))
})
test.afterAll(async () => {
  await sim.close()
  await rm(scratch, { recursive: true, force: true })
})

const TEN_MB = 10 * 1024 * 1024

test('a 10 MB paste reaches the host byte for byte', async ({ browser }) => {
  // The simulator's tmux takes pasted keys at about 1 MB/s on an idle machine, several times
  // slower when the machine is busy; Shipmate itself keeps pace with it.
  test.setTimeout(120_000)
  const text = pasteText(TEN_MB)
  const file = join(scratch, 'paste.txt')
  const session = await sim.createSession()
  // The page's connection to Shipmate must carry the paste, not break under it.
  const socketsClosed: string[] = []
  const app = await App.start(browser, {
    beforeLoad: (page) => void page.on('websocket', (socket) => socket.on('close', () => socketsClosed.push(socket.url()))),
  })
  try {
    await app.page.getByLabel('Paste an SSH command').fill(session.sshCommand)
    await app.page.getByRole('button', { name: 'Connect' }).click()
    await app.page.getByRole('button', { name: 'Trust this host' }).click()
    // The session guard would type its own line at an idle prompt; this test types its command
    // alone. Should the guard have pressed q on tmate's start-up view just as the test did, the
    // second q lands at the prompt: Ctrl-U clears it.
    await app.page.getByRole('button', { name: 'Turn off join detection' }).click()
    await expect(app.page.getByRole('status', { name: 'Join detection' })).toContainText('Join detection is off')
    const terminal = new TerminalPage(app.page)
    await terminal.waitForPrompt()
    await terminal.press('Control+u')

    // No echo: 10 MB drawn back through tmux would only slow the test down. `head` stops after
    // exactly the pasted bytes, so "done" shows once all of them have arrived.
    await terminal.type(`stty -echo; echo ready-$((6*7)); head -c ${TEN_MB} > ${file}; stty echo; echo done-$((6*7))\n`)
    await terminal.waitForText(/^ready-42/m)

    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin })
    await app.page.evaluate((content) => navigator.clipboard.writeText(content), text)
    await terminal.focus()
    await app.page.keyboard.press('Control+Shift+V')
    const confirm = app.page.getByRole('dialog', { name: 'Paste several lines?' })
    await expect(confirm).toContainText(/\d lines/)
    await confirm.getByRole('button', { name: 'Paste' }).click()

    let size = -1
    await waitFor(
      async () => {
        if (socketsClosed.length > 0) throw new Error(`the page's WebSocket to Shipmate closed during the paste (${size} bytes in the file)`)
        size = await stat(file).then((info) => info.size, () => -1)
        return size === TEN_MB
      },
      'the whole paste in the file on the host',
      { timeoutMs: 90_000, intervalMs: 250, describe: () => `${size} bytes in the file` },
    )
    await terminal.waitForText(/^done-42/m)
    const written = await readFile(file)
    expect(written.length).toBe(TEN_MB)
    expect(sha256(written)).toBe(sha256(text))
  } finally {
    await app.stop()
    await session.end().catch(() => {})
  }
})
