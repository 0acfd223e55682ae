import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Terminal } from '@xterm/headless'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { UserError } from '../../electron/core/errors'
import { SessionsHarness, windowsText } from '../support/sessions-harness'
import { startTmateSim, type TmateSim, type TmateSimSession } from '../support/tmate-sim'

let sim: TmateSim
let harness: SessionsHarness
/** Every token any test used, to prove none of them ever left the core. */
const tokens: string[] = []

beforeAll(async () => {
  sim = await startTmateSim()
  harness = await SessionsHarness.start()
})

afterAll(async () => {
  await harness.dispose()
  await sim.close()
})

async function simSession(): Promise<TmateSimSession> {
  const session = await sim.createSession()
  tokens.push(session.token, session.roToken)
  return session
}

/** Opens a session from its ssh line and waits until the shell prompt shows. */
async function openAtPrompt(session: TmateSimSession): Promise<string> {
  const { id } = harness.sessions.openCommand(session.sshCommand)
  await harness.waitForState(id, 'connected')
  await harness.pressQ(id)
  return id
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  )
}

describe('Sessions against the tmate simulator', () => {
  test('a resize while the host key is asked about reaches the host with the terminal', async () => {
    const asking = await SessionsHarness.start({ trustNewHosts: false })
    try {
      const session = await simSession()
      const { id } = asking.sessions.openCommand(session.sshCommand)
      await asking.waitForEvent('sessions.hostKeyPrompt')
      // The page has laid out its terminal meanwhile: the core's screen is that size from now on.
      asking.sessions.resize(id, 100, 33)
      asking.sessions.answerHostKey(id, true)
      await asking.waitForState(id, 'connected')
      // tmux draws for the size the terminal was opened with: the status row is the screen's last.
      await asking.waitFor(() => /^0:\[tmux\]\*/.test(asking.sessions.mirrorOf(id)?.lastRow() ?? ''), "tmux's status row on the screen's last row", 10_000)
      await asking.pressQ(id)
      // The pane is the terminal less tmux's status row.
      asking.run(id, 'echo "size=$(stty size)"')
      await asking.waitForText(id, /^size=32 100$/m)
      await session.end()
    } finally {
      await asking.dispose()
    }
  })

  test('asks once about a new host key, remembers it, and shows the session', async () => {
    const asking = await SessionsHarness.start({ trustNewHosts: false })
    try {
      const session = await simSession()
      const summary = asking.sessions.openCommand(session.sshCommand)
      expect(summary).toMatchObject({ host: '127.0.0.1', port: sim.port, title: `127.0.0.1 · ${session.token.slice(0, 4)}…`, readOnly: false, detection: { state: 'off' }, mates: null })
      expect(summary.maskedCommand).toBe(`ssh -p${sim.port} ${session.token.slice(0, 4)}…${session.token.slice(-4)}@127.0.0.1`)

      const prompt = await asking.waitForEvent('sessions.hostKeyPrompt')
      expect(prompt).toEqual({
        sessionId: summary.id,
        host: '127.0.0.1',
        port: sim.port,
        algorithm: 'ssh-ed25519',
        fingerprint: sim.hostKeyFingerprint,
        changed: false,
      })
      expect(asking.summary(summary.id).state).toBe('verifying_host')
      asking.sessions.answerHostKey(summary.id, true)
      await asking.waitForState(summary.id, 'connected')

      const stored = JSON.parse(await readFile(join(asking.dataDir, 'known_hosts.json'), 'utf8')) as {
        hosts: Record<string, { algorithm: string; fingerprint: string; trustedAt: string }>
      }
      expect(stored.hosts[`127.0.0.1:${sim.port}`]).toMatchObject({ algorithm: 'ssh-ed25519', fingerprint: sim.hostKeyFingerprint })

      // The start-up message view, with its ssh lines, reaches the renderer masked.
      await asking.waitForText(summary.id, /Press <q> or <ctrl-c> to continue/)
      const startup = await asking.waitForText(summary.id, /^ssh session: .*$/m)
      expect(startup).toBe(`ssh session: ssh -p${sim.port} ${session.token.slice(0, 4)}${'*'.repeat(17)}${session.token.slice(-4)}@127.0.0.1`)
      expect(asking.summary(summary.id).windows).toEqual([{ index: 0, name: '[tmux]', current: true, last: false, flags: '*' }])

      await asking.pressQ(summary.id)
      asking.run(summary.id, 'echo hello')
      await asking.waitForText(summary.id, /^hello$/m)
      expect(asking.sessions.timeline(summary.id).map((event) => event.kind)).toEqual(['connected'])

      // Same host again: no question.
      const second = asking.sessions.openCommand(session.sshCommand)
      await asking.waitForState(second.id, 'connected')
      expect(asking.payloads('sessions.hostKeyPrompt')).toHaveLength(1)
      await asking.waitForText(second.id, /^hello$/m)
    } finally {
      await asking.dispose()
    }
  })

  test('tabs follow tmate windows: new, select, rename, close at a prompt only', async () => {
    const session = await simSession()
    const id = await openAtPrompt(session)
    const { sessions } = harness

    sessions.newWindow(id)
    const two = await harness.waitForWindows(id, (text) => text === '0:bash- 1:bash*')
    expect(two.windows).toEqual([
      { index: 0, name: 'bash', current: false, last: true, flags: '-' },
      { index: 1, name: 'bash', current: true, last: false, flags: '*' },
    ])
    sessions.selectWindow(id, 0)
    await harness.waitForWindows(id, (text) => text === '0:bash* 1:bash-')

    // A key whose command needs a host client makes tmate show a message in the status row for a
    // moment; the tabs stay as they were meanwhile.
    const changesBefore = harness.payloads('sessions.changed').length
    sessions.input(id, '\x02,')
    const mirror = harness.sessions.mirrorOf(id)
    await harness.waitFor(() => mirror?.lastRow().startsWith('No current client'), 'the status message')
    await harness.waitFor(() => mirror?.lastRow().startsWith('0:bash*'), 'the window list to return', 3000)
    expect(harness.payloads('sessions.changed').slice(changesBefore).map(windowsText)).toEqual([])
    expect(windowsText(harness.summary(id))).toBe('0:bash* 1:bash-')

    await sessions.renameWindow(id, 1, "it's logs")
    await harness.waitForWindows(id, (text) => text === "0:bash- 1:it's logs*")
    await expect(sessions.renameWindow(id, 1, 'bad\x1bname')).rejects.toThrow('control characters')

    harness.run(id, 'sleep 30')
    await expect(sessions.closeWindow(id, 1)).rejects.toThrow(
      'Window 1 is running something (no shell prompt on screen); close it from the shell when it is done.',
    )
    sessions.input(id, '\x03')
    await harness.waitForText(id, /^travis@sim:~\$ sleep 30\n\^C\ntravis@sim:~\$$/m)

    // Closing another window selects it first (for everyone: the current window is shared).
    sessions.selectWindow(id, 0)
    await harness.waitForWindows(id, (text) => text.startsWith('0:bash*'))
    harness.run(id, 'less /etc/passwd')
    await harness.waitForWindows(id, (text) => text.startsWith('0:less*'))
    const busy = await rejection(sessions.closeWindow(id, 0))
    expect(busy).toBeInstanceOf(UserError)
    expect((busy as Error).message).toBe('Window 0 is running something (less); close it from the shell when it is done.')
    sessions.input(id, 'q')
    await harness.waitForWindows(id, (text) => text.startsWith('0:bash*'))

    await sessions.closeWindow(id, 1)
    await harness.waitForWindows(id, (text) => text === '0:bash*')
    await expect(sessions.closeWindow(id, 0)).rejects.toThrow("Window 0 is the session's last window")
    await expect(sessions.closeWindow(id, 7)).rejects.toThrow('There is no window 7 in this session.')
    await sessions.forget(id)
    await session.end()
  })

  test('runPhase types travis_run_<phase> at the prompt', async () => {
    const session = await simSession()
    const { id } = harness.sessions.openCommand(session.sshCommand)
    await harness.waitForState(id, 'connected')
    await harness.waitForWindows(id, (text) => text === '0:[tmux]*')
    await expect(harness.sessions.runPhase(id, 'install')).rejects.toThrow("Window 0 still shows tmate's start-up messages: press q in it first.")
    await harness.pressQ(id)
    await expect(harness.sessions.runPhase(id, 'deploy; rm -rf /')).rejects.toThrow('is not a Travis build phase')

    await harness.sessions.runPhase(id, 'install')
    await harness.waitForText(id, /^travis@sim:~\$ travis_run_install\n\[tmate-sim\] travis_run_install: done$/m)
    await harness.sessions.forget(id)
    await session.end()
  })

  test('resizing sets the pty size in the pane and the mirror follows', async () => {
    const session = await simSession()
    const id = await openAtPrompt(session)
    harness.sessions.resize(id, 100, 30)
    expect(harness.summary(id)).toMatchObject({ cols: 100, rows: 30 })
    harness.run(id, 'echo "size=$(stty size)"')
    // Typed while the shell takes the resize, the line may be redrawn by readline and the answer
    // land right after it on the same row (as in any terminal): the size is what counts.
    const answer = /size=29 100$/m
    await harness.waitForText(id, answer)
    const mirror = harness.sessions.mirrorOf(id)
    expect(mirror?.screenText().split('\n')).toHaveLength(30)
    // The renderer gets output as it arrives; the mirror parses its copy in a task of its own, so
    // it may still be in the middle of tmux's redraw for the new size.
    await harness.waitFor(() => (answer.test(mirror?.screenText() ?? '') ? true : undefined), 'the mirror to show the size')
    await harness.waitFor(() => mirror?.lastRow().trim() === '0:bash*', 'the status row in the mirror')
    await harness.sessions.forget(id)
    await session.end()
  })

  test('a read-only token connects, but nothing typed reaches the session', async () => {
    const session = await simSession()
    const writer = await openAtPrompt(session)
    const { id } = harness.sessions.openCommand(session.roSshCommand)
    const summary = await harness.waitForState(id, 'connected')
    expect(summary.readOnly).toBe(true)
    expect(summary.maskedCommand).toMatch(/ ro-\S…\S{4}@127\.0\.0\.1$/)
    await harness.waitForWindows(id, (text) => text === '0:bash*')

    harness.sessions.input(id, 'echo RO-TYPED\r')
    expect(() => harness.sessions.newWindow(id)).toThrow('read-only session')
    await expect(harness.sessions.runPhase(id, 'install')).rejects.toThrow('read-only session')
    harness.run(writer, 'echo RW-TYPED')
    await harness.waitForText(id, /^RW-TYPED$/m)
    expect(harness.view(writer).text()).not.toContain('RO-TYPED')
    expect(harness.summary(id).state).toBe('connected')
    await harness.sessions.forget(id)
    await harness.sessions.forget(writer)
    await session.end()
  })

  test('an unknown token, a bad command and an unreachable server fail with what happened', async () => {
    const unknown = harness.sessions.openCommand(`ssh -p${sim.port} abcdefghjkmnpqrstuvwxyzAB@127.0.0.1`)
    tokens.push('abcdefghjkmnpqrstuvwxyzAB')
    const failed = await harness.waitForState(unknown.id, 'failed')
    expect(failed.detail).toBe(
      'The session token is invalid or expired: the debug job may have ended, or the SSH line was mistyped.',
    )
    expect(harness.sessions.timeline(unknown.id)).toEqual([])

    const leaked = 'Zx9Zx9Zx9Zx9Zx9Zx9Zx9Zx9Q'
    tokens.push(leaked)
    expect(() => harness.sessions.openCommand(`ssh ${leaked}@host@example.com`)).toThrow(UserError)
    expect(() => harness.sessions.openCommand(`ssh ${leaked}@host@example.com`)).not.toThrow(leaked)

    const closedPort = await freePort()
    const refused = harness.sessions.openCommand(`ssh -p${closedPort} abcdefghjkmnpqrstuvwxyzAB@127.0.0.1`)
    expect((await harness.waitForState(refused.id, 'failed')).detail).toBe(`Cannot reach 127.0.0.1:${closedPort}: connection refused.`)
  })

  test('the end of the session keeps its last screen', async () => {
    const session = await simSession()
    const id = await openAtPrompt(session)
    harness.run(id, 'echo "last words $((6 * 7))"')
    await harness.waitForText(id, /^last words 42$/m)

    await session.end()
    const ended = await harness.waitForState(id, 'ended')
    expect(ended.detail).toBe('The session ended.')
    expect(ended.windows.map((w) => w.name)).toEqual(['bash'])
    expect(harness.sessions.timeline(id).map((event) => event.kind)).toEqual(['connected', 'ended'])
    await harness.waitForText(id, /^\[server exited\]$/m)
    expect(harness.view(id).text()).toMatch(/^last words 42$/m)

    // A view that attaches now redraws the same screen from the snapshot.
    const fresh = new Terminal({ cols: 80, rows: 24, allowProposedApi: true })
    await new Promise<void>((resolve) => fresh.write(harness.sessions.snapshot(id).data, resolve))
    const freshText = Array.from({ length: 24 }, (_, y) => fresh.buffer.active.getLine(fresh.buffer.active.baseY + y)?.translateToString(true).trimEnd() ?? '')
    expect(freshText.join('\n')).toBe(harness.sessions.mirrorOf(id)?.screenText())
    expect(freshText.join('\n')).toMatch(/^last words 42$/m)
    fresh.dispose()
  })

  test('detaching (prefix + d) ends the session for this viewer only', async () => {
    const session = await simSession()
    const id = await openAtPrompt(session)
    harness.sessions.input(id, '\x02d')
    const ended = await harness.waitForState(id, 'ended')
    expect(ended.detail).toBe('You detached from the session (prefix + d). It goes on without you; open it again to rejoin.')
    await harness.waitForText(id, /^\[detached \(from session default\)\]$/m)
    expect(harness.view(id).text()).toMatch(/^travis@sim:~\$$/m)
    expect(await session.hostRun(['display', '-p', '#{session_windows}'])).toBe('1\n')
    await session.end()
  })

  test('a snapshot of a live session redraws it exactly, colours and status row included', async () => {
    const session = await simSession()
    const id = await openAtPrompt(session)
    harness.sessions.newWindow(id)
    await harness.waitForWindows(id, (text) => text === '0:bash- 1:bash*')
    harness.run(id, "printf '\\033[1;31mred\\033[0m plain \\033[44mblue\\033[0m é 日本\\n'")
    await harness.waitForText(id, /^red plain blue é 日本$/m)
    const fresh = new Terminal({ cols: 80, rows: 24, allowProposedApi: true })
    await new Promise<void>((resolve) => fresh.write(harness.sessions.snapshot(id).data, resolve))
    const view = harness.view(id).term
    for (let y = 0; y < 24; y++) {
      const a = view.buffer.active.getLine(view.buffer.active.baseY + y)
      const b = fresh.buffer.active.getLine(fresh.buffer.active.baseY + y)
      expect(b?.translateToString(true).trimEnd()).toBe(a?.translateToString(true).trimEnd())
      for (let x = 0; x < 80; x++) {
        const ca = a?.getCell(x)
        const cb = b?.getCell(x)
        const cell = (c: typeof ca) => [c?.getChars() || ' ', c?.getFgColorMode(), c?.getFgColor(), c?.getBgColorMode(), c?.getBgColor(), c?.isBold()]
        expect(cell(cb), `row ${y} column ${x}`).toEqual(cell(ca))
      }
    }
    expect(fresh.buffer.active.type).toBe('alternate')
    expect([fresh.buffer.active.cursorX, fresh.buffer.active.cursorY]).toEqual([view.buffer.active.cursorX, view.buffer.active.cursorY])
    fresh.dispose()
    await harness.sessions.forget(id)
    await session.end()
  })

  test('the full token never appears in an event, a summary, a snapshot or a log line', () => {
    expect(tokens.length).toBeGreaterThan(8)
    const everything = [
      JSON.stringify(harness.events),
      JSON.stringify(harness.sessions.list()),
      harness.logLines.join('\n'),
      ...harness.sessions.list().map((s) => harness.sessions.snapshot(s.id).data),
    ].join('\n')
    expect(harness.events.length).toBeGreaterThan(100)
    for (const token of tokens) expect(everything).not.toContain(token)
  })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
