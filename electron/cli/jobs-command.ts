import type { Core } from '../core/create-core'
import { UserError } from '../core/errors'
import { findBuildByNumber } from '../core/travis/find-build'
import { resolveTravisUrlFor } from '../core/travis/resolve-url'
import { EXIT_OK, type CliIo } from './io'
import { formatTable } from './table'

/** OWNER/REPO#NUMBER, as Travis's web page names a build. */
const BUILD_BY_NUMBER = /^([\w.-]+\/[\w.-]+)#(\d+)$/

/** `shipmate jobs URL|OWNER/REPO#NUMBER|BUILD_ID [--account ID]`: the job picker as a table. */
export async function runJobsCommand(core: Core, target: string, accountFlag: string | undefined, io: CliIo): Promise<number> {
  let accountId: string
  let buildId: number
  let highlight: number | undefined
  const byNumber = BUILD_BY_NUMBER.exec(target)
  if (/^\d+$/.test(target)) {
    accountId = await pickAccount(core, accountFlag)
    buildId = Number(target)
  } else if (byNumber) {
    const [, slug = '', number = ''] = byNumber
    accountId = await pickAccount(core, accountFlag)
    buildId = await core.accounts.withClient(accountId, (client) => findBuildByNumber(client, slug, Number(number)))
  } else {
    const resolved = await resolveTravisUrlFor(target, accountFlag, core.accounts)
    accountId = resolved.accountId
    buildId = resolved.buildId
    highlight = resolved.jobId
  }
  const picker = await core.browse.jobs(accountId, buildId)
  io.out(`Build #${picker.build.number} of ${picker.repo.slug} (${picker.build.state}), ${picker.build.branch ?? 'no branch'}\n`)
  io.out(
    formatTable(
      ['', 'JOB', 'ID', 'STATE', 'OS', 'LANGUAGE', 'ENV', 'ALLOW FAILURE'],
      picker.jobs.map((job) => [
        job.id === highlight ? '>' : '',
        `#${job.number}`,
        String(job.id),
        job.state,
        job.os ?? '-',
        job.language ?? '-',
        job.env ?? '-',
        job.allowFailure ? 'yes' : 'no',
      ]),
    ),
  )
  return EXIT_OK
}

export async function pickAccount(core: Core, accountFlag: string | undefined): Promise<string> {
  if (accountFlag) return (await core.accounts.get(accountFlag)).id
  const accounts = await core.accounts.list()
  const [only, ...others] = accounts
  if (!only) throw new UserError('No accounts yet. Add one with: shipmate accounts add --endpoint URL')
  if (others.length > 0) throw new UserError(`Several accounts exist; choose one with --account (${accounts.map((a) => a.id).join(', ')}).`)
  return only.id
}
