import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findSshLine } from '@shared/parse/ssh-line'

const E = '\x1b'
const CLR = `\r${E}[0K`
const fixture = (name: string): string => readFileSync(resolve(__dirname, '../../fixtures/parse', name), 'utf8')
const yellow = (text: string): string => `${E}[33;1m${text}${E}[0m`
const green = (text: string): string => `${E}[32;1m${text}${E}[0m`
const red = (text: string): string => `${E}[31;1m${text}${E}[0m`
const running = { jobFinished: false }

/** The debug part as current travis-build prints it, `\r\n` endings. */
function debugLog(sshLine: string, options: { mode?: 'quiet' | 'echo'; alias?: boolean; login?: string } = {}): string {
  const lines = [
    yellow(`Debug build initiated by ${options.login ?? 'octocat'}`),
    yellow('Setting up debug tools.'),
    'Preparing debug sessions.',
    ...(options.alias === false ? [] : ["alias tmate='/usr/bin/tmate -S /tmp/tmate.sock' >> /home/travis/.bashrc"]),
    yellow('Use the following SSH command to access the interactive debugging environment:'),
    green(sshLine),
    options.mode === 'echo'
      ? `Output from the interactive session will be shown below:${E}[0m`
      : `This build is running in quiet mode. No session output will be displayed.${E}[0m`,
  ]
  return lines.join('\r\n') + '\r\n'
}

describe('the docs page log', () => {
  it('finds the SSH command, the login and quiet mode', () => {
    const result = findSshLine(fixture('docs-debug-mode.txt'), running)
    expect(result).toEqual({
      state: 'found',
      ssh: {
        token: 'DwBhYvwgoBQ2dr7iQ5ZH34wGt',
        host: 'ny2.tmate.io',
        port: 22,
        readOnly: false,
        command: 'ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io',
      },
      mode: 'quiet',
      initiatedBy: 'BanzaiMan',
      stepsSeen: ['initiated', 'setting_up', 'preparing', 'ssh_prompt', 'ssh_line', 'quiet_mode'],
    })
  })
})

describe('the 2017 PouchContainer transcript lines', () => {
  // The old travis-build also printed "This debug build will stay alive for 30 minutes."
  const old = (ssh: string): string =>
    [
      yellow('Debug build initiated by allencloud'),
      yellow('Setting up debug tools.'),
      'Preparing debug sessions.',
      yellow('Use the following SSH command to access the interactive debugging environment:'),
      green(ssh),
      `This build is running in quiet mode. No session output will be displayed.${E}[0m`,
      `This debug build will stay alive for 30 minutes.${E}[0m`,
      '',
    ].join('\r\n')

  it('reads ssh gpXeOCVaz6bPsHxrhplC41ITu@to2.tmate.io', () => {
    const result = findSshLine(old('ssh gpXeOCVaz6bPsHxrhplC41ITu@to2.tmate.io'), running)
    expect(result.state).toBe('found')
    expect(result.ssh).toMatchObject({ token: 'gpXeOCVaz6bPsHxrhplC41ITu', host: 'to2.tmate.io', port: 22 })
  })

  it('reads ssh ukjiuCEkxBBnRAe32Y8xCH0zj@ny2.tmate.io', () => {
    const result = findSshLine(old('ssh ukjiuCEkxBBnRAe32Y8xCH0zj@ny2.tmate.io'), running)
    expect(result.ssh).toMatchObject({ token: 'ukjiuCEkxBBnRAe32Y8xCH0zj', host: 'ny2.tmate.io', port: 22 })
    expect(result.initiatedBy).toBe('allencloud')
  })
})

describe('the SSH line itself', () => {
  it('reads a port other than 22 (a self-hosted tmate-ssh-server)', () => {
    const result = findSshLine(debugLog('ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost'), running)
    expect(result.ssh).toEqual({
      token: 'SUPERSECURETOKENFORDEVENV',
      host: 'localhost',
      port: 2200,
      readOnly: false,
      command: 'ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost',
    })
  })

  it('reads the green line with \\r\\n endings, and with \\n endings', () => {
    const log = debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
    expect(findSshLine(log, running).ssh?.command).toBe('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
    expect(findSshLine(log.replaceAll('\r\n', '\n'), running).ssh?.command).toBe('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
  })

  it('reads a named session and a line with trailing blanks', () => {
    expect(findSshLine(debugLog('ssh octocat/widget-debug@sfo2.tmate.io  '), running).ssh).toMatchObject({
      token: 'octocat/widget-debug',
      host: 'sfo2.tmate.io',
    })
  })

  it('reads it when the stray alias line stands between the prompt and the command', () => {
    const log = [
      yellow('Use the following SSH command to access the interactive debugging environment:'),
      "alias tmate='/usr/bin/tmate -S /tmp/tmate.sock' >> /home/travis/.bashrc",
      '',
      green('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@lon1.tmate.io'),
      '',
    ].join('\r\n')
    expect(findSshLine(log, running).ssh?.host).toBe('lon1.tmate.io')
  })

  it('reads it with or without the alias line before the prompt', () => {
    expect(findSshLine(debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@sgp1.tmate.io', { alias: true }), running).state).toBe('found')
    expect(findSshLine(debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@sgp1.tmate.io', { alias: false }), running).state).toBe('found')
  })

  it('keeps the first command when an echoed session prints another one', () => {
    const log =
      debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io', { mode: 'echo' }) +
      'travis@vm:~$ echo Use the following SSH command to access the interactive debugging environment:\r\n' +
      'Use the following SSH command to access the interactive debugging environment:\r\n' +
      'ssh aaaaaaaaaaaaaaaaaaaaaaaaa@evil.example\r\n'
    expect(findSshLine(log, running).ssh?.host).toBe('nyc1.tmate.io')
  })

  it('reports what stood where the command belongs when tmate printed none', () => {
    const log = [
      yellow('Use the following SSH command to access the interactive debugging environment:'),
      green(''),
      `This build is running in quiet mode. No session output will be displayed.${E}[0m`,
      '',
    ].join('\r\n')
    const result = findSshLine(log, running)
    expect(result.state).toBe('waiting')
    expect(result.unexpectedLine).toBe('This build is running in quiet mode. No session output will be displayed.')
    expect(result.mode).toBe('quiet')
    expect(findSshLine(log, { jobFinished: true }).state).toBe('finished_without_line')
  })

  it('does not accept a line that only looks like a command', () => {
    const result = findSshLine(debugLog('ssh bad.token!@nyc1.tmate.io'), running)
    expect(result.state).toBe('waiting')
    expect(result.ssh).toBeUndefined()
    expect(result.unexpectedLine).toBe('ssh bad.token!@nyc1.tmate.io')
  })
})

describe('quiet and echo mode', () => {
  it('tells them apart', () => {
    expect(findSshLine(debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io', { mode: 'quiet' }), running).mode).toBe('quiet')
    const echo = findSshLine(debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io', { mode: 'echo' }), running)
    expect(echo.mode).toBe('echo')
    expect(echo.stepsSeen).toContain('echo_mode')
    expect(echo.stepsSeen).not.toContain('quiet_mode')
  })
})

describe('a log polled while it is written', () => {
  const whole = debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
  const sshAt = whole.indexOf('ssh Xk7')

  it('does not return a token cut in half, then finds the whole one on the next poll', () => {
    const first = findSshLine(whole.slice(0, sshAt + 14), running)
    expect(first.state).toBe('waiting')
    expect(first.ssh).toBeUndefined()
    expect(first.stepsSeen).toEqual(['initiated', 'setting_up', 'preparing', 'ssh_prompt'])
    expect(findSshLine(whole, running).ssh?.token).toBe('Xk7mPq2RsT9vWy3Za4Bc5De6F')
  })

  it('waits for the newline even when the line looks complete', () => {
    const lineEnd = whole.indexOf('\r\n', sshAt)
    expect(findSshLine(whole.slice(0, lineEnd), running).state).toBe('waiting')
    // The host may be cut too: "nyc1.tmate.i" would also look like a host.
    expect(findSshLine(whole.slice(0, lineEnd - 5), running).state).toBe('waiting')
    expect(findSshLine(whole.slice(0, lineEnd + 1), running).state).toBe('waiting')
    expect(findSshLine(whole.slice(0, lineEnd + 2), running).state).toBe('found')
  })

  it('finds the line at every possible cut once the rest has come', () => {
    for (let cut = 0; cut <= whole.length; cut++) {
      const partial = findSshLine(whole.slice(0, cut), running)
      if (partial.ssh) expect(partial.ssh.token).toBe('Xk7mPq2RsT9vWy3Za4Bc5De6F')
    }
  })

  it('lists the steps as they appear', () => {
    const steps = (text: string): readonly string[] => findSshLine(text, running).stepsSeen
    expect(steps('')).toEqual([])
    expect(steps(yellow('Debug build initiated by octocat') + '\r\n')).toEqual(['initiated'])
    expect(steps(`${yellow('Debug build initiated by octocat')}\r\n${yellow('Setting up debug tools.')}\r\n`)).toEqual([
      'initiated',
      'setting_up',
    ])
    expect(steps('We are setting up the debug environment. This may take a while...\r\n')).toEqual(['setting_up'])
  })
})

describe('a debug part after many folds', () => {
  it('finds the line in a whole job log', () => {
    const result = findSshLine(fixture('debug-quiet-job.txt'), { jobFinished: true })
    expect(result.state).toBe('found')
    expect(result.ssh?.command).toBe('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
    expect(result.stepsSeen).toEqual([
      'initiated',
      'setting_up',
      'preparing',
      'ssh_prompt',
      'ssh_line',
      'quiet_mode',
      'session_over',
      'footer',
    ])
    expect(result.exitCode).toBe(1)
  })

  it('finds the line when the debug lines sit right after fold markers', () => {
    const log =
      Array.from({ length: 200 }, (_, i) => `travis_fold:start:step.${i}${CLR}$ step ${i}\r\nok\r\ntravis_fold:end:step.${i}${CLR}`).join('\r\n') +
      `\r\ntravis_fold:start:debug${CLR}` +
      debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
    expect(findSshLine(log, running).state).toBe('found')
  })
})

describe('endings without a line', () => {
  it('reports the red "not available" line', () => {
    const log = [
      yellow('Debug build initiated by octocat'),
      red('The debug environment is not available. Please contact support.'),
      '',
      'Done. Your build exited with 1.',
      '',
    ].join('\r\n')
    const result = findSshLine(log, running)
    expect(result.state).toBe('not_available')
    expect(result.ssh).toBeUndefined()
  })

  it('reports the build footer seen before the job state says finished', () => {
    const log = [yellow('Debug build initiated by octocat'), yellow('Setting up debug tools.'), '', 'Done. Your build exited with 2.', ''].join(
      '\r\n',
    )
    const result = findSshLine(log, running)
    expect(result.state).toBe('finished_without_line')
    expect(result.exitCode).toBe(2)
  })

  it('reports travis-worker endings: cancel, time limit, silence', () => {
    for (const ending of [
      '\n\nDone: Job Cancelled\n\n',
      '\nThe job exceeded the maximum time limit for jobs, and has been terminated.\n',
      '\nNo output has been received in the last 10m0s, this potentially indicates a stalled build or something wrong with the build itself.\n',
    ]) {
      expect(findSshLine(yellow('Setting up debug tools.') + ending, running).state).toBe('finished_without_line')
    }
  })

  it('reports a finished job whose log never got that far', () => {
    expect(findSshLine('', { jobFinished: true }).state).toBe('finished_without_line')
    expect(findSshLine(yellow('Setting up debug tools.') + '\r\n', { jobFinished: true }).state).toBe('finished_without_line')
  })

  it('keeps waiting while the job runs and nothing ended it', () => {
    expect(findSshLine(yellow('Setting up debug tools.') + '\r\n', running)).toEqual({ state: 'waiting', stepsSeen: ['setting_up'] })
  })

  it('still reports the line when the job has finished since', () => {
    const log = debugLog('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io') + 'Done. Your build exited with 1.\r\n'
    expect(findSshLine(log, { jobFinished: true }).state).toBe('found')
  })
})
