import { describe, expect, it } from 'vitest'
import { formatSshCommand, parseSshCommand } from '@shared/parse/ssh-command'

const ok = (input: string): { token: string; host: string; port: number; readOnly: boolean; command: string } => {
  const result = parseSshCommand(input)
  if (!result.ok) throw new Error(`refused ${JSON.stringify(input)}: ${result.message}`)
  return result
}
const refusal = (input: string): string => {
  const result = parseSshCommand(input)
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)}`)
  return result.message
}

describe('accepted forms', () => {
  it('reads the commands Travis logs print', () => {
    expect(ok('ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io')).toEqual({
      ok: true,
      token: 'DwBhYvwgoBQ2dr7iQ5ZH34wGt',
      host: 'ny2.tmate.io',
      port: 22,
      readOnly: false,
      command: 'ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io',
    })
    expect(ok('ssh gpXeOCVaz6bPsHxrhplC41ITu@to2.tmate.io').token).toBe('gpXeOCVaz6bPsHxrhplC41ITu')
    expect(ok('ssh ukjiuCEkxBBnRAe32Y8xCH0zj@ny2.tmate.io').host).toBe('ny2.tmate.io')
  })

  it('reads a port in each of the usual places', () => {
    const expected = { token: 'SUPERSECURETOKENFORDEVENV', host: 'localhost', port: 2200, command: 'ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost' }
    for (const input of [
      'ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost',
      'ssh -p 2200 SUPERSECURETOKENFORDEVENV@localhost',
      'ssh SUPERSECURETOKENFORDEVENV@localhost -p 2200',
      'ssh SUPERSECURETOKENFORDEVENV@localhost -p2200',
      'ssh://SUPERSECURETOKENFORDEVENV@localhost:2200',
      'ssh ssh://SUPERSECURETOKENFORDEVENV@localhost:2200',
      'ssh://SUPERSECURETOKENFORDEVENV@localhost:2200/',
    ]) {
      expect(ok(input)).toMatchObject(expected)
    }
  })

  it('takes port 22 when none is given, and writes no -p for it', () => {
    expect(ok('ssh://Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatchObject({ port: 22, command: 'ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io' })
    expect(ok('ssh -p22 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io').command).toBe('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
  })

  it('forgives blanks, a copied prompt, colours and a trailing newline', () => {
    for (const input of [
      '   ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io   ',
      '$ ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io',
      'ssh  Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io\n',
      '\tssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io\r\n',
      '\x1b[32;1mssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io\x1b[0m',
    ]) {
      expect(ok(input).command).toBe('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')
    }
  })

  it('accepts TOKEN@HOST alone', () => {
    expect(ok('Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io').host).toBe('nyc1.tmate.io')
  })

  it('flags read-only tokens', () => {
    expect(ok('ssh ro-Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatchObject({ readOnly: true, token: 'ro-Xk7mPq2RsT9vWy3Za4Bc5De6F' })
    expect(ok('ssh robotXk7mPq2RsT9vWy3Za4Bc@nyc1.tmate.io').readOnly).toBe(false)
  })

  it('reads named sessions, also percent-encoded in an ssh:// address', () => {
    expect(ok('ssh octocat/widget-debug@nyc1.tmate.io').token).toBe('octocat/widget-debug')
    expect(ok('ssh://octocat%2Fwidget-debug@nyc1.tmate.io').token).toBe('octocat/widget-debug')
  })

  it('accepts IP addresses', () => {
    expect(ok('ssh -p2200 SUPERSECURETOKENFORDEVENV@127.0.0.1').host).toBe('127.0.0.1')
    expect(ok('ssh SUPERSECURETOKENFORDEVENV@::1').host).toBe('::1')
    expect(ok('ssh://SUPERSECURETOKENFORDEVENV@[::1]:2200')).toMatchObject({ host: '::1', port: 2200 })
  })

  it('accepts the shortest token tmate accepts', () => {
    expect(ok('ssh abc@localhost').token).toBe('abc')
  })
})

describe('refusals say what was wrong', () => {
  it('asks for a command when there is none', () => {
    for (const input of ['', '   ', '\n']) {
      expect(refusal(input)).toMatch(/Paste the SSH command/)
    }
  })

  it('names the option it will not honour', () => {
    expect(refusal('ssh -i ~/.ssh/id_ed25519 tok@host.io')).toMatch(/identity file \(-i\)/)
    expect(refusal('ssh -o StrictHostKeyChecking=no Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/configuration option \(-o\)/)
    expect(refusal('ssh -L 8080:localhost:80 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/local port forwarding \(-L\)/)
    expect(refusal('ssh -R 9000:localhost:9000 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/remote port forwarding \(-R\)/)
    expect(refusal('ssh -D 1080 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/dynamic port forwarding \(-D\)/)
    expect(refusal('ssh -J bastion Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/jump host \(-J\)/)
    expect(refusal('ssh -A Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/agent forwarding \(-A\)/)
    expect(refusal('ssh -tt Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/terminal request \(-t\)/)
    expect(refusal('ssh -P 2200 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/the option -P/)
    expect(refusal('ssh --help')).toMatch(/the option --help/)
  })

  it('lists the forms it understands when refusing an option', () => {
    expect(refusal('ssh -v Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/ssh -pPORT TOKEN@HOST.*ssh:\/\/TOKEN@HOST:PORT/)
  })

  it('refuses a remote command after the host', () => {
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io ls -la')).toMatch(/"ls -la" after the host would run as a remote command/)
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io -p 22 uptime')).toMatch(/"uptime"/)
  })

  it('refuses shell syntax and says which', () => {
    const base = 'ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io'
    expect(refusal(`${base}; rm -rf ~`)).toMatch(/command separator \(;\)/)
    expect(refusal(`${base} | tee log`)).toMatch(/pipe \(\|\)/)
    expect(refusal(`${base} && echo done`)).toMatch(/command chain/)
    expect(refusal(`${base} &`)).toMatch(/background operator/)
    expect(refusal('ssh $(cat token)@nyc1.tmate.io')).toMatch(/command substitution/)
    expect(refusal('ssh `cat token`@nyc1.tmate.io')).toMatch(/command substitution/)
    expect(refusal(`${base} > out.txt`)).toMatch(/redirection/)
    expect(refusal(`${base} < in.txt`)).toMatch(/redirection/)
    expect(refusal('ssh "Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io"')).toMatch(/quotes/)
    expect(refusal("ssh 'Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io'")).toMatch(/quotes/)
    expect(refusal('ssh $TOKEN@nyc1.tmate.io')).toMatch(/shell variable/)
  })

  it('refuses bad ports with the reason', () => {
    expect(refusal('ssh -p Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/-p needs a port number/)
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io -p')).toMatch(/-p needs a port number/)
    expect(refusal('ssh -p0 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/Port 0 is out of range/)
    expect(refusal('ssh -p65536 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/Port 65536 is out of range/)
    expect(refusal('ssh -pabc Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/"abc" is not a port number/)
    expect(refusal('ssh -p-1 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/"-1" is not a port number/)
    expect(refusal('ssh -p2200 -p2201 Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/port is given twice/)
    expect(refusal('ssh://Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io:99999')).toMatch(/out of range/)
    expect(refusal('ssh://Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io:')).toMatch(/port is missing/)
  })

  it('explains that ssh takes no port after a colon', () => {
    expect(refusal('ssh SUPERSECURETOKENFORDEVENV@localhost:2200')).toBe(
      'ssh does not read a port after a colon ("localhost:2200"). Write it as ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost.',
    )
  })

  it('refuses bad host names', () => {
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@')).toMatch(/host after the @ is missing/)
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1_tmate.io')).toMatch(/"nyc1_tmate.io" is not a valid host name/)
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@-nyc1.tmate.io')).toMatch(/not a valid host name/)
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1..tmate.io')).toMatch(/not a valid host name/)
    expect(refusal('ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@300.1.2.3')).toMatch(/not a valid IPv4 address/)
    expect(refusal(`ssh Xk7mPq2RsT9vWy3Za4Bc5De6F@${'a'.repeat(64)}.io`)).toMatch(/not a valid host name/)
    expect(refusal('ssh://Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io/path')).toMatch(/path after the host/)
  })

  it('refuses bad tokens', () => {
    expect(refusal('ssh @nyc1.tmate.io')).toMatch(/token before the @ is missing/)
    expect(refusal('ssh ab@nyc1.tmate.io')).toMatch(/"ab" is too short/)
    expect(refusal('ssh Xk7m.Pq2R@nyc1.tmate.io')).toMatch(/contains "\."/)
    expect(refusal('ssh Xk7m!Pq2R@nyc1.tmate.io')).toMatch(/contains "!"/)
    expect(refusal('ssh://Xk7m%ZZ@nyc1.tmate.io')).toMatch(/broken %-escape/)
  })

  it('refuses text that is not a command', () => {
    expect(refusal('nyc1.tmate.io')).toMatch(/does not start with ssh/)
    expect(refusal('mosh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io')).toMatch(/does not start with ssh/)
    expect(refusal('ssh nyc1.tmate.io')).toMatch(/has no @/)
    expect(refusal('ssh')).toMatch(/no TOKEN@HOST part/)
    expect(refusal('ssh a@b@c.io')).toMatch(/more than one @/)
    expect(refusal('ssh://nyc1.tmate.io')).toMatch(/no TOKEN@ part/)
  })

  it('asks for one line when several were pasted', () => {
    const pasted =
      'Use the following SSH command to access the interactive debugging environment:\nssh Xk7mPq2RsT9vWy3Za4Bc5De6F@nyc1.tmate.io'
    expect(refusal(pasted)).toMatch(/2 lines\. Paste only the line that starts with ssh/)
  })
})

describe('formatSshCommand', () => {
  it('writes tmate-ssh-server form: -pPORT without a space, nothing for 22', () => {
    expect(formatSshCommand({ token: 'DwBhYvwgoBQ2dr7iQ5ZH34wGt', host: 'ny2.tmate.io', port: 22 })).toBe('ssh DwBhYvwgoBQ2dr7iQ5ZH34wGt@ny2.tmate.io')
    expect(formatSshCommand({ token: 'SUPERSECURETOKENFORDEVENV', host: 'localhost', port: 2200 })).toBe(
      'ssh -p2200 SUPERSECURETOKENFORDEVENV@localhost',
    )
  })

  it('gives back what it reads', () => {
    for (const command of ['ssh -p2222 ro-Xk7mPq2RsT9vWy3Za4Bc5De6F@tmate.example.org', 'ssh octocat/widget@nyc1.tmate.io']) {
      const parsed = ok(command)
      expect(formatSshCommand(parsed)).toBe(command)
    }
  })
})
