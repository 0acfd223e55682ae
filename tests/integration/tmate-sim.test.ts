import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTmateSim, TOKEN_ALPHABET, type TmateSim, type TmateSimSession } from '../support/tmate-sim'
import { OPENSSH_TEST_OPTIONS, OpenSshViewer } from '../support/tmate-sim/openssh-viewer'
import { Ssh2Viewer } from '../support/tmate-sim/ssh2-viewer'

const MiB = 1024 * 1024
const ESC = '\x1b'
const SERVER_EXITED = '\x1b[?1049l[server exited]\r\r\n'

let sim: TmateSim

beforeAll(async () => {
  sim = await startTmateSim()
})

afterAll(async () => {
  await sim.close()
})

function connect(session: TmateSimSession, options: { cols?: number; rows?: number; readOnly?: boolean } = {}) {
  return Ssh2Viewer.connect({
    port: sim.port,
    token: options.readOnly ? session.roToken : session.token,
    cols: options.cols,
    rows: options.rows,
  })
}

/** Types a command line into the shared shell. */
function run(viewer: Ssh2Viewer, line: string): void {
  viewer.send(`${line}\r`)
}

/** Runs OpenSSH without a terminal and collects its output and exit status. */
function openssh(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('ssh', [...OPENSSH_TEST_OPTIONS, ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, output: stdout + stderr })
    })
  })
}

describe('tmate simulator', () => {
  test('session tokens and ssh commands look like tmate-ssh-server ones', async () => {
    const session = await sim.createSession()
    const alphabet = `[${TOKEN_ALPHABET}]{25}`
    expect(session.token).toMatch(new RegExp(`^${alphabet}$`))
    expect(session.roToken).toMatch(new RegExp(`^ro-${alphabet}$`))
    expect(session.sshCommand).toBe(`ssh -p${sim.port} ${session.token}@127.0.0.1`)
    expect(session.roSshCommand).toBe(`ssh -p${sim.port} ${session.roToken}@127.0.0.1`)
    expect(sim.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect(await session.hostRun(['display', '-p', '#{tmate_ssh}'])).toBe(`${session.sshCommand}\n`)
    // The host has no client: no count from tmux itself, nothing listed, show-messages fails.
    expect(await session.hostRun(['display', '-p', '[#{session_attached}][#{client_name}]'])).toBe('[0][]\n')
    expect(await session.hostRun(['list-clients'])).toBe('')
    await expect(session.hostRun(['show-messages'])).rejects.toThrow('no current client')
    await session.end()
  })

  test('a viewer sees the start-up messages, then the shell, windows and status row as on tmate', async () => {
    const session = await sim.createSession()
    const viewer = await connect(session)
    const screen = viewer.screen

    await screen.waitForLastRow(/^0:\[tmux\]\*$/)
    expect(screen.text()).toContain('Tip: if you wish to use tmate only for remote access, run: tmate -F')
    expect(screen.text()).toContain('To see the following messages again, run in a tmate session: tmate show-messages')
    expect(screen.text()).toContain('Press <q> or <ctrl-c> to continue')
    expect(screen.text()).toContain(`ssh session: ${session.sshCommand}`)
    // Other keys are swallowed by the message view.
    viewer.send('x')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(screen.lastRow()).toBe('0:[tmux]*')

    viewer.send('q')
    await screen.waitForLastRow(/^0:bash\*$/)
    await screen.waitForText(/^travis@sim:~\$$/m)
    expect(screen.text()).toContain('execute configured build phases with `travis_run_*` functions')

    run(viewer, 'echo hello; echo "term=$TERM"')
    await screen.waitForText(/^hello\nterm=screen-256color$/m)
    run(viewer, 'travis_run_before_install')
    await screen.waitForText(/^\[tmate-sim\] travis_run_before_install: done$/m)

    viewer.send('\x02c')
    await screen.waitForLastRow(/^0:bash- 1:bash\*$/)
    viewer.send('\x020')
    await screen.waitForLastRow(/^0:bash\* 1:bash-$/)
    viewer.send('\x02n')
    await screen.waitForLastRow(/^0:bash- 1:bash\*$/)
    run(viewer, "printf '\\033kmytab\\033\\\\'")
    await screen.waitForLastRow(/^0:bash- 1:mytab\*$/)

    // The separator is drawn after the last window too (tmate's replica is tmux 2.2).
    run(viewer, "tmate set -g window-status-separator '|'")
    await screen.waitForLastRow(/^0:bash-\|1:mytab\*\|$/)
    run(viewer, "tmate set -g window-status-separator ' ⟦mates:2⟧ '")
    await screen.waitForLastRow(/^0:bash- ⟦mates:2⟧ 1:mytab\* ⟦mates:2⟧$/)
    // status-left/right never reach a viewer of a detached host.
    run(viewer, "tmate set -g status-right 'SR:2'; tmate set -g status-left 'SL:2 '")
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(screen.lastRow()).not.toMatch(/SR:2|SL:2/)

    // Prompt keys fail without a host client, shown to this viewer only.
    viewer.send('\x02,')
    await screen.waitForLastRow(/^No current client/)
    await screen.waitForLastRow(/^0:bash- ⟦mates:2⟧ 1:mytab\*/)
    viewer.send('\x02&')
    await screen.waitForLastRow(/^No current client/)
    await screen.waitForLastRow(/^0:bash- ⟦mates:2⟧ 1:mytab\*/)
    viewer.send('\x02w')
    await screen.waitForLastRow(/^No client available/)
    await screen.waitForLastRow(/^0:bash- ⟦mates:2⟧ 1:mytab\*/)

    run(viewer, 'tmate kill-window')
    await screen.waitForLastRow(/^0:bash\* ⟦mates:2⟧$/)

    // window-change resizes the viewer's tmux client, and with it the window.
    viewer.resize(100, 30)
    run(viewer, 'echo "size=$(stty size)"')
    await screen.waitForText(/^size=29 100$/m)

    viewer.send('\x02d')
    const end = await viewer.closed
    expect(viewer.tail.toString('utf8')).toContain('[detached (from session default)]\r\r\n')
    expect(end.exit).toBeUndefined()
    expect(session.viewers()).toBe(0)
    await session.end()
  })

  test('tmate_num_clients counts read-write and read-only viewers; smaller clients leave filler', async () => {
    const session = await sim.createSession()
    const viewer = await connect(session, { cols: 120, rows: 32 })
    await viewer.pressQ()
    const screen = viewer.screen
    const count = "echo \"N=$(tmate display -p '#{tmate_num_clients}')\""

    run(viewer, count)
    await screen.waitForText(/^N=1$/m)

    const intruder = new OpenSshViewer(sim.port, session.token, 80, 24)
    await intruder.screen.waitForLastRow(/^0:bash\*/)
    expect(session.viewers()).toBe(2)
    // No notice of the join reaches anyone: only the shrunken window shows it.
    await screen.waitForText(/\(size 80x23 from a smaller client\)$/m)
    expect(screen.row(30)).toMatch(/^·+\(size 80x23 from a smaller client\)$/)
    expect(screen.row(23)).toMatch(/^─{80}┘·{39}$/)
    expect(screen.row(0)).toMatch(/│·{39}$/)
    expect(screen.lastRow()).toBe('0:bash*')
    expect(intruder.screen.text()).not.toMatch(/size .* from a smaller client/)
    expect(screen.text()).not.toMatch(/joined|mate has/i)

    run(viewer, 'clear')
    run(viewer, count)
    await screen.waitForText(/^N=2(\s+│·*)?$/m)

    const readOnly = await connect(session, { readOnly: true, cols: 100, rows: 30 })
    await readOnly.screen.waitForLastRow(/^0:bash\*/)
    readOnly.send('echo RO-TYPED\r\x02c')
    run(viewer, 'clear')
    run(viewer, count)
    await screen.waitForText(/^N=3(\s+│·*)?$/m)
    expect(session.viewers()).toBe(3)
    expect(screen.text()).not.toContain('RO-TYPED')
    expect(screen.lastRow()).toBe('0:bash*')

    intruder.close()
    expect(await intruder.exited).not.toBe(0)
    await screen.waitFor((s) => !s.text().includes('·'), 'filler to disappear')
    run(viewer, 'clear')
    run(viewer, count)
    await screen.waitForText(/^N=2(\s+│·*)?$/m)

    readOnly.close()
    viewer.close()
    await Promise.all([readOnly.closed, viewer.closed])
    await session.end()
  })

  test('without websocket tmate_num_clients is empty', async () => {
    const session = await sim.createSession({ noWebsocket: true })
    const viewer = await connect(session)
    await viewer.pressQ()
    run(viewer, "echo \"N=$(tmate display -p '#{tmate_num_clients}')\"")
    await viewer.screen.waitForText(/^N=$/m)
    expect(await session.hostRun(['display', '-p', 'n=[#{tmate_num_clients}]'])).toBe('n=[]\n')
    await session.end()
  })

  test('a publickey-only session lets in only the listed keys', async () => {
    const allowed = utils.generateKeyPairSync('ed25519')
    const other = utils.generateKeyPairSync('ed25519')
    const session = await sim.createSession({ authorizedKeys: [allowed.public] })

    await expect(connect(session)).rejects.toThrow(/authentication methods failed/)
    await expect(Ssh2Viewer.connect({ port: sim.port, token: session.token, privateKey: other.private })).rejects.toThrow(
      /authentication methods failed/,
    )
    const denied = await openssh(['-p', String(sim.port), `${session.token}@127.0.0.1`])
    expect(denied.code).toBe(255)
    expect(denied.output).toContain('Permission denied (publickey)')

    const viewer = await Ssh2Viewer.connect({ port: sim.port, token: session.token, privateKey: allowed.private })
    await viewer.screen.waitForLastRow(/^0:\[tmux\]\*$/)
    viewer.close()
    await session.end()
  })

  test('unknown and malformed tokens are told so, then the connection closes without exit status', async () => {
    const unknown = await Ssh2Viewer.connect({ port: sim.port, token: 'abcdefghjkmnpqrstuvwxyzAB' })
    const unknownEnd = await unknown.closed
    expect(unknown.tail.toString()).toBe('Invalid or expired session token\r\n')
    expect(unknownEnd.exit).toBeUndefined()

    const malformed = await Ssh2Viewer.connect({ port: sim.port, token: 'not.a.token' })
    await malformed.closed
    expect(malformed.tail.toString()).toBe('Invalid session token\r\n')

    const viaOpenSsh = await openssh(['-tt', '-p', String(sim.port), 'abcdefghjkmnpqrstuvwxyzAB@127.0.0.1'])
    expect(viaOpenSsh.code).toBe(255)
    expect(viaOpenSsh.output).toContain('Invalid or expired session token')
    expect(viaOpenSsh.output).toContain('closed by remote host')
  })

  test('only one PTY shell channel: exec, a second channel and forwarding are refused', async () => {
    const session = await sim.createSession()
    const viewer = await connect(session)
    await expect(
      new Promise((resolve, reject) => viewer.client.exec('true', (error, channel) => (error ? reject(error) : resolve(channel)))),
    ).rejects.toThrow()
    await expect(
      new Promise((resolve, reject) => viewer.client.shell((error, channel) => (error ? reject(error) : resolve(channel)))),
    ).rejects.toThrow()
    await expect(
      new Promise((resolve, reject) =>
        viewer.client.forwardOut('127.0.0.1', 0, '127.0.0.1', sim.port, (error, channel) => (error ? reject(error) : resolve(channel))),
      ),
    ).rejects.toThrow()
    await viewer.screen.waitForLastRow(/^0:\[tmux\]\*$/)

    const exec = await openssh(['-p', String(sim.port), `${session.token}@127.0.0.1`, 'true'])
    expect(exec.code).toBe(255)
    expect(exec.output).toContain('exec request failed on channel 0')
    viewer.close()

    // A shell without pty-req still gets a viewer, drawn at 80x24.
    const noPty = await Ssh2Viewer.connect({ port: sim.port, token: session.token, noPty: true })
    await noPty.pressQ()
    run(noPty, 'echo "size=$(stty size)"')
    await noPty.screen.waitForText(/^size=23 80$/m)
    await session.end()
  })

  test('display-message without -p crashes the session for every viewer', async () => {
    const session = await sim.createSession()
    const viewer = await connect(session)
    await viewer.pressQ()
    const intruder = new OpenSshViewer(sim.port, session.token, 120, 32)
    await intruder.screen.waitForLastRow(/^0:bash\*/)

    run(viewer, 'tmate display-message HELLO')
    const end = await viewer.closed
    expect(viewer.tail.toString('utf8').endsWith(SERVER_EXITED)).toBe(true)
    expect(end.exit).toBeUndefined()
    expect(await intruder.exited).toBe(255)
    await intruder.screen.waitForText(/closed by remote host/)
    await session.ended

    const late = await connect(session)
    await late.closed
    expect(late.tail.toString()).toBe('Invalid or expired session token\r\n')
  })

  test('end() and the last shell exiting end the session with [server exited]', async () => {
    const ended = await sim.createSession()
    const first = await connect(ended)
    await first.screen.waitForLastRow(/^0:\[tmux\]\*$/)
    await ended.end()
    expect((await first.closed).exit).toBeUndefined()
    expect(first.tail.toString('utf8').endsWith(SERVER_EXITED)).toBe(true)

    const exited = await sim.createSession()
    const second = await connect(exited)
    await second.pressQ()
    run(second, 'exit')
    expect((await second.closed).exit).toBeUndefined()
    expect(second.tail.toString('utf8').endsWith(SERVER_EXITED)).toBe(true)
    await exited.ended
  })

  test('rotating the host key changes the fingerprint clients see', async () => {
    const session = await sim.createSession()
    const before = sim.hostKeyFingerprint
    const first = await connect(session)
    expect(first.hostKeyFingerprint).toBe(before)

    const after = sim.rotateHostKey()
    expect(after).not.toBe(before)
    expect(sim.hostKeyFingerprint).toBe(after)
    const second = await connect(session)
    expect(second.hostKeyFingerprint).toBe(after)
    // The connection made with the old key carries on.
    await first.pressQ()
    await second.screen.waitForLastRow(/^0:bash\*$/)
    sim.rotateHostKey()
    expect(sim.hostKeyFingerprint).toBe(before)
    await session.end()
  })

  test('16 MiB of pane output and 2 MiB of typed input pass through with backpressure', async () => {
    const session = await sim.createSession()
    const viewer = await connect(session)
    await viewer.pressQ()
    const screen = viewer.screen

    // Pane to viewer: 16 MiB of output while the viewer stops reading for a while. tmux itself
    // skips frames for a slow client (it sends well under 1 MiB here), so this mostly proves that
    // nothing stalls or is lost at the end.
    run(viewer, `head -c ${16 * MiB} /dev/zero | tr '\\0' x | fold -w 64; echo; echo "DONE-$((6 * 7))"`)
    viewer.stream.pause()
    await new Promise((resolve) => setTimeout(resolve, 500))
    viewer.stream.resume()
    await screen.waitForText(/^DONE-42$/m, 20_000)
    expect(viewer.received).toBeGreaterThan(100_000)

    // Viewer to pane: typed bytes arrive complete. tmux's key handling manages ~0.5 MB/s, so the
    // channel is paused on the simulator's input queue many times over these 2 MiB.
    run(viewer, 'clear')
    run(viewer, `stty raw -echo; head -c ${2 * MiB} | md5sum; stty sane`)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const chunk = Buffer.alloc(MiB, 'abcdefghij')
    for (let i = 0; i < 2; i++) {
      if (!viewer.stream.write(chunk)) await new Promise((resolve) => viewer.stream.once('drain', resolve))
    }
    const md5 = createHash('md5').update(Buffer.concat([chunk, chunk])).digest('hex')
    await screen.waitForText(new RegExp(`^${md5}  -`, 'm'), 20_000)
    await session.end()
  })

  test('scrolling reaches a viewer as line feeds at the bottom margin, never as CSI n S', async () => {
    // tmate's replica is tmux 2.2, which has no `indn`; tmux 3.3 scrolls with `CSI n S` where the
    // terminal has it, and xterm.js takes a much slower path for that.
    const session = await sim.createSession()
    const viewer = await connect(session, { cols: 80, rows: 24 })
    await viewer.pressQ()
    await viewer.screen.waitForText(/^travis@sim:~\$$/m)
    const chunks: Buffer[] = []
    viewer.stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    run(viewer, 'seq 1 3000; echo "SCROLLED-$((6 * 7))"')
    await viewer.screen.waitForText(/^SCROLLED-42$/m, 20_000)
    const output = Buffer.concat(chunks).toString('latin1')
    expect(output).not.toMatch(new RegExp(`${ESC}\\[\\d*S`))
    // The region stops above the status row, and new lines enter it from its bottom edge.
    expect(output).toContain(`${ESC}[1;23r`)
    expect(output).toMatch(/\n\n/)
    await session.end()
  })

  test('the panes are visible for CPU accounting', async () => {
    const session = await sim.createSession()
    const pids = await session.panePids()
    expect(pids).toHaveLength(1)
    expect(pids[0]).toBeGreaterThan(1)
    expect(session.serverPid).toBeGreaterThan(1)
    expect(await session.paneCpuTimeMs()).toBeGreaterThanOrEqual(0)
    await session.end()
  })
})
