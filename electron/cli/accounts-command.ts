import { echoInput } from '@shared/echo-input'
import type { Core } from '../core/create-core'
import { UserError } from '../core/errors'
import { EXIT_OK, type CliIo } from './io'
import { usage } from './usage'
import { formatTable } from './table'

export async function runAccountsCommand(core: Core, args: string[], endpoint: string | undefined, io: CliIo): Promise<number> {
  const [action, ...rest] = args
  if (action === 'list' && rest.length === 0) {
    const accounts = await core.accounts.list()
    if (accounts.length === 0) {
      io.out('No accounts. Add one with: shipmate accounts add --endpoint https://api.travis-ci.com\n')
      return EXIT_OK
    }
    io.out(
      formatTable(
        ['ID', 'LOGIN', 'ENDPOINT', 'STATUS'],
        accounts.map((account) => [account.id, `@${account.login}`, account.endpoint.label, account.tokenRejected ? 'token rejected' : 'ok']),
      ),
    )
    return EXIT_OK
  }
  if (action === 'add' && rest.length === 0) {
    if (!endpoint) return usage(io, 'accounts add needs --endpoint URL (https://api.travis-ci.com, or your Enterprise API)', 'accounts')
    const token = await io.readSecret('Travis API token (input hidden): ')
    if (!token) throw new UserError('No token was given: pipe it on stdin or type it at the prompt.')
    const account = await core.accounts.add(endpoint, token)
    io.out(`Added @${account.login} on ${account.endpoint.label} as ${account.id}; its token is in the OS keychain.\n`)
    return EXIT_OK
  }
  if (action === 'remove' && rest.length === 1 && rest[0]) {
    const account = await core.accounts.get(rest[0])
    await core.accounts.remove(account.id)
    io.out(`Removed @${account.login} (${account.id}) and its keychain entry.\n`)
    return EXIT_OK
  }
  const problem =
    action === undefined
      ? 'accounts needs list, add or remove'
      : action === 'remove' && rest.length === 0
        ? 'accounts remove needs the account ID that `shipmate accounts list` shows'
        : `unknown accounts command "${echoInput(args.join(' '))}"`
  return usage(io, problem, 'accounts')
}
