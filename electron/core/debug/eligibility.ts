import type { DebugEligibility } from '@shared/api'
import type { V3Job, V3Repository } from '../travis/v3-types'
import { isActive } from './job-snapshot'
import { READ_ONLY_ENDPOINT, stillActive } from './messages'

export interface Eligibility {
  eligibility: DebugEligibility
  message: string
}

/**
 * Whether a job can be restarted in debug mode, told before anything is sent.
 * Travis checks "debug tools enabled" (private, or public with support's flag) before the
 * permission, but "no permission" comes first here: it is the one the user can do something about,
 * and support enabling a public repository would not help without it.
 */
export function eligibilityOf(job: V3Job, repo: V3Repository, login: string, readOnlyEndpoint: boolean): Eligibility {
  const number = job.number ?? String(job.id)
  if (readOnlyEndpoint) return { eligibility: 'read_only_endpoint', message: READ_ONLY_ENDPOINT }
  // Before "running": cancelling a Windows job to debug it would stop it for nothing.
  const refusal = unsupportedOs(job)
  if (refusal !== undefined) return { eligibility: 'unsupported_os', message: refusal }
  if (isActive(job.state)) {
    return { eligibility: 'running', message: `${stillActive(number, job.state ?? 'created')} ${CANCELED_THEN_DEBUG}` }
  }
  if (!mayDebug(job, repo)) {
    return {
      eligibility: 'no_permission',
      message: `@${login} lacks debug access to ${repo.slug} (it takes push or admin rights on the repository). Ask an admin of the repository for it, or use an account that has it.`,
    }
  }
  if (repo.private !== true) {
    return {
      eligibility: 'public_needs_support',
      message: `${repo.slug} is public: Travis enables debug mode for public repositories only on request to its support (support@travis-ci.com). If support enabled it for this repository, try anyway.`,
    }
  }
  const canceled = job.state === 'canceled' ? ` Job #${number} was cancelled, so after the session it ends errored ${NO_RESULT_TO_RESTORE}.` : ''
  return {
    eligibility: 'available',
    message: `Job #${number} of ${repo.slug} can be restarted in debug mode. The restart replaces the job's log; Travis prints an SSH command in it once the VM is up.${canceled}`,
  }
}

/**
 * A debug build ends by putting back the job's earlier result, and has no way back to `canceled`:
 * its footer then reports exit code 86 and the job ends errored.
 */
const NO_RESULT_TO_RESTORE = '("Done. Your build exited with 86."): Travis has no earlier result to restore'

const CANCELED_THEN_DEBUG = `"Cancel, then debug" ends errored after the session ${NO_RESULT_TO_RESTORE} for a cancelled job.`

/**
 * Travis offers debug mode on its Linux and macOS images only, so a debug request for a Windows job
 * cannot give a session (Travis still answers 202 and wipes the log); neither can one for a
 * ppc64le or s390x job. The reason to show, or undefined when the job's OS and CPU allow debugging.
 */
export function unsupportedOs(job: V3Job): string | undefined {
  const number = job.number ?? String(job.id)
  const os = job.config?.os
  if (typeof os === 'string' && os.toLowerCase() === 'windows') {
    return `Job #${number} runs on Windows, and Travis does not support debug mode on Windows. To debug it, run the same steps in a Linux or macOS job, or on a Windows machine of your own.`
  }
  // The debug tools download tmate built for amd64 (arm64 has its own build); on these it cannot
  // run, so the job never prints an SSH command, yet the restart still wipes its log.
  const arch = job.config?.arch
  const name = typeof arch === 'string' ? arch.toLowerCase() : undefined
  if (name === 'ppc64le' || name === 's390x') {
    return `Job #${number} runs on ${name}: Travis's debug tools start tmate built for amd64, which cannot run there, so the job would never print an SSH command. To debug it, run the same steps in an amd64 or arm64 job.`
  }
  return undefined
}

/**
 * The job's own `debug` permission when Travis sent it, else the repository's `build_debug`;
 * when neither came along, Travis decides on the request.
 */
function mayDebug(job: V3Job, repo: V3Repository): boolean {
  const fromJob = job['@permissions']?.debug
  if (fromJob !== undefined) return fromJob
  return repo['@permissions']?.build_debug !== false
}
