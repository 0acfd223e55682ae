import type { DebugEligibility } from '@shared/api'
import type { V3Job, V3Repository } from '../travis/v3-types'
import { isActive } from './job-snapshot'
import { READ_ONLY_ENDPOINT } from './messages'

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
    return {
      eligibility: 'running',
      message: `Job #${number} is still ${job.state ?? 'created'}: Travis restarts only finished jobs in debug mode. Cancel it first ("Cancel, then debug"), or wait until it finishes.`,
    }
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
  return {
    eligibility: 'available',
    message: `Job #${number} of ${repo.slug} can be restarted in debug mode. The restart replaces the job's log; Travis prints an SSH command in it once the VM is up.`,
  }
}

/**
 * Travis offers debug mode on its Linux and macOS images only, so a debug request for a Windows job
 * cannot give a session. The reason to show, or undefined when the job's OS allows debugging.
 */
export function unsupportedOs(job: V3Job): string | undefined {
  const os = job.config?.os
  if (typeof os !== 'string' || os.toLowerCase() !== 'windows') return undefined
  const number = job.number ?? String(job.id)
  return `Job #${number} runs on Windows, and Travis does not support debug mode on Windows. To debug it, run the same steps in a Linux or macOS job, or on a Windows machine of your own.`
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
