import fc from 'fast-check'
import { describe, it } from 'vitest'
import { formatSshCommand } from '@shared/parse/ssh-command'
import { findSshLine } from '@shared/parse/ssh-line'
import { LOGS, LOG_LINES, outsideText, sshTarget } from './samples'

const E = '\x1b'
const PROMPT = 'Use the following SSH command to access the interactive debugging environment:'

/** The debug part of a job log as travis-build prints it, with `ssh` from tmate. */
function debugBlock(command: string): string {
  return [
    `${E}[33;1mDebug build initiated by octocat${E}[0m`,
    `${E}[33;1mSetting up debug tools.${E}[0m`,
    'Preparing debug sessions.',
    `${E}[33;1m${PROMPT}${E}[0m`,
    `${E}[32;1m${command}${E}[0m`,
    `This build is running in quiet mode. No session output will be displayed.${E}[0m`,
    '',
  ].join('\r\n')
}

/** Log text before the debug part: anything, as long as it ends its last line and holds no prompt of its own. */
const earlierLog = fc
  .array(outsideText(LOG_LINES), { maxLength: 6 })
  .map((lines) => lines.map((line) => `${line.replaceAll('\n', ' ')}\n`).join(''))
  .filter((text) => !text.includes('SSH command'))

describe('the SSH line in a job log from outside', () => {
  it('is looked for without throwing, in any log', () => {
    fc.assert(
      fc.property(outsideText([...LOGS, ...LOG_LINES]), fc.boolean(), (log, jobFinished) => {
        const result = findSshLine(log, { jobFinished })
        if (result.state === 'found' && result.ssh === undefined) throw new Error('found without a command')
      }),
    )
  })

  it('is found after any earlier output, with its exact token, host and port', () => {
    fc.assert(
      fc.property(earlierLog, sshTarget, (before, target) => {
        const result = findSshLine(before + debugBlock(formatSshCommand(target)), { jobFinished: false })
        if (result.state !== 'found') throw new Error(`state ${result.state}`)
        const { token, host, port } = result.ssh ?? {}
        if (token !== target.token || host !== target.host || port !== target.port) throw new Error(`found ${JSON.stringify(result.ssh)}`)
      }),
    )
  })

  it('is never read from a log cut off before the line has ended, so half a token is never used', () => {
    fc.assert(
      fc.property(earlierLog, sshTarget, fc.nat(), (before, target, cut) => {
        const full = before + debugBlock(formatSshCommand(target))
        const lineEnd = full.indexOf('\n', full.indexOf(formatSshCommand(target)))
        const partial = full.slice(0, cut % (lineEnd + 1))
        const result = findSshLine(partial, { jobFinished: false })
        if (result.state === 'found') throw new Error(`found ${JSON.stringify(result.ssh)} in a log cut at ${partial.length} of ${lineEnd}`)
      }),
    )
  })
})
