import fc from 'fast-check'
import { describe, it } from 'vitest'
import { formatSshCommand, parseSshCommand } from '@shared/parse/ssh-command'
import { SSH_COMMANDS, host, outsideText, sshTarget, tokenShaped } from './samples'

describe('pasted SSH commands', () => {
  it('never throw; what is accepted is a valid token, host and port, in a tmate form that reads back', () => {
    const bareOrUri = fc
      .tuple(tokenShaped, host, fc.integer({ min: 1, max: 65535 }), fc.boolean())
      .map(([token, hostName, port, uri]) =>
        uri ? `ssh://${encodeURIComponent(token)}@${hostName.includes(':') ? `[${hostName}]` : hostName}:${port}` : `${token}@${hostName}`,
      )
    fc.assert(
      fc.property(fc.oneof(outsideText(SSH_COMMANDS), bareOrUri), (input) => {
        const result = parseSshCommand(input)
        if (!result.ok) {
          if (result.message === '') throw new Error('a refusal without a message')
          return
        }
        if (!/^[A-Za-z0-9_/-]{3,}$/.test(result.token)) throw new Error(`token ${JSON.stringify(result.token)}`)
        if (!Number.isInteger(result.port) || result.port < 1 || result.port > 65535) throw new Error(`port ${result.port}`)
        if (result.command !== formatSshCommand(result)) throw new Error('command not in tmate form')
        if (result.readOnly !== result.token.startsWith('ro-')) throw new Error('read-only flag')
        const again = parseSshCommand(result.command)
        if (!again.ok || again.command !== result.command) throw new Error('tmate form does not parse back')
      }),
    )
  })

  it('read back what formatSshCommand writes, in every form a log or a terminal shows it', () => {
    const dressed = fc.constantFrom(
      (command: string) => command,
      (command: string) => `\x1b[32;1m${command}\x1b[0m\r\n`,
      (command: string) => `$ ${command}`,
      (command: string) => `  ${command}  `,
    )
    fc.assert(
      fc.property(sshTarget, dressed, (target, dress) => {
        const result = parseSshCommand(dress(formatSshCommand(target)))
        if (!result.ok) throw new Error(result.message)
        if (result.token !== target.token || result.host !== target.host || result.port !== target.port) {
          throw new Error(`read back ${JSON.stringify(result)}`)
        }
      }),
    )
  })

  it('read the ssh:// form and the -p PORT forms as the same target', () => {
    fc.assert(
      fc.property(sshTarget, (target) => {
        const host = target.host.includes(':') ? `[${target.host}]` : target.host
        for (const form of [
          `ssh://${encodeURIComponent(target.token)}@${host}:${target.port}`,
          `ssh -p ${target.port} ${target.token}@${target.host}`,
          `ssh ${target.token}@${target.host} -p ${target.port}`,
        ]) {
          const result = parseSshCommand(form)
          if (!result.ok || result.token !== target.token || result.host !== target.host || result.port !== target.port) {
            throw new Error(`${form}: ${JSON.stringify(result)}`)
          }
        }
      }),
    )
  })
})
