// The control interface over HTTP, under `/__emulator/` (a path Travis does not have), so a test
// in another process (Playwright) can drive the emulator. JSON in, JSON out.
import { z } from 'zod'
import type { EmulatorControl } from './control'
import { type Reply, jsonReply } from './http-io'
import { SEED } from './seed'

export const CONTROL_PREFIX = '/__emulator'

const jobStates = z.enum(['created', 'queued', 'received', 'started', 'passed', 'failed', 'errored', 'canceled'])
const phases = z.enum(['accepted', 'created', 'queued', 'received', 'started', 'ssh-ready', 'session', 'finished', 'canceled'])
const sshTarget = z.object({ host: z.string(), port: z.number().int(), token: z.string() })

const faultBody = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  /** A regular expression source, instead of a glob. */
  pathRegex: z.string().optional(),
  status: z.number().int().optional(),
  body: z.unknown().optional(),
  contentType: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().nonnegative().optional(),
  drop: z.boolean().optional(),
  times: z.number().int().positive().optional(),
})

const debugScriptBody = z.object({
  variant: z.enum(['happy', 'stuck-queued', 'not-available', 'no-ssh', 'split-line']).optional(),
  ssh: sshTarget.optional(),
  sshUrl: z.url().optional(),
  stepMs: z.number().nonnegative().optional(),
  dotEveryMs: z.number().positive().optional(),
})

const userBody = z.object({
  login: z.string().min(1),
  name: z.string().optional(),
  token: z.string().optional(),
  repos: z.array(z.object({ slug: z.string(), role: z.enum(['admin', 'push', 'pull']) })).optional(),
})

const rateLimitBody = z.object({
  enabled: z.boolean().optional(),
  authenticatedLimit: z.number().int().positive().optional(),
  anonymousLimit: z.number().int().positive().optional(),
  periodMs: z.number().positive().optional(),
  postBanLimit: z.number().int().positive().optional(),
  postBanPeriodMs: z.number().positive().optional(),
  banMs: z.number().nonnegative().optional(),
})

function parseJson(body: string): unknown {
  if (body.trim() === '') return {}
  return JSON.parse(body)
}

const okReply = (payload: unknown = { ok: true }): Reply => jsonReply(200, payload)

export async function handleControl(
  control: EmulatorControl,
  info: { url: string },
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
): Promise<Reply> {
  const route = path.slice(CONTROL_PREFIX.length) || '/'
  const segments = route.split('/').slice(1)
  const second = segments[1]
  // `jobs/123/log` -> `jobs/*/log`: the second segment is always the variable one.
  const shape = segments.map((segment, index) => (index === 1 ? '*' : segment)).join('/')
  try {
    const body = (): unknown => parseJson(rawBody)
    const jobId = Number(second)
    switch (`${method} ${shape}`) {
      case 'GET health':
        return okReply({ ok: true, url: info.url })
      case 'GET seed':
        return okReply(SEED)
      case 'GET faults':
        return okReply(control.faults().map((f) => ({ ...f, path: String(f.path) })))
      case 'POST faults': {
        const spec = faultBody.parse(body())
        const pattern = spec.pathRegex !== undefined ? new RegExp(spec.pathRegex) : spec.path
        if (pattern === undefined) throw new Error('path or pathRegex is required')
        return okReply({ id: control.addFault({ ...spec, path: pattern }) })
      }
      case 'DELETE faults':
        control.clearFaults()
        return okReply()
      case 'DELETE faults/*':
        control.removeFault(second ?? '')
        return okReply()
      case 'GET requests': {
        const filter: { method?: string; path?: string } = {}
        const m = query.get('method')
        const p = query.get('path')
        if (m) filter.method = m
        if (p) filter.path = p
        return okReply(control.requests(filter))
      }
      case 'DELETE requests':
        control.clearRequests()
        return okReply()
      case 'POST users':
        return okReply(control.addUser((userBody.parse(body()))))
      case 'POST tokens': {
        const { login, token } = z.object({ login: z.string(), token: z.string().optional() }).parse(body())
        return okReply({ token: control.addToken(login, token) })
      }
      case 'DELETE tokens/*':
        return okReply({ revoked: control.revokeToken(decodeURIComponent(second ?? '')) })
      case 'POST grants': {
        const grant = z
          .object({ login: z.string(), slug: z.string(), role: z.enum(['admin', 'push', 'pull']).nullable() })
          .parse(body())
        control.grantRepo(grant.login, grant.slug, grant.role)
        return okReply()
      }
      case 'PUT debug-script':
        control.setDefaultDebugScript((debugScriptBody.parse(body())))
        return okReply()
      case 'PUT timeline':
        control.setTimeline(
          z
            .object({
              stepMs: z.number().nonnegative().optional(),
              dotEveryMs: z.number().positive().optional(),
              phaseMs: z.partialRecord(phases, z.number().nonnegative()).optional(),
            })
            .parse(body()),
        )
        return okReply()
      case 'GET jobs/*':
        return okReply(control.jobInfo(jobId) ?? null)
      case 'PUT jobs/*/debug-script':
        control.scriptDebug(jobId, (debugScriptBody.parse(body())))
        return okReply()
      case 'DELETE jobs/*/debug-script':
        control.scriptDebug(jobId, undefined)
        return okReply()
      case 'PUT jobs/*/hold':
        control.holdAt(jobId, z.object({ phases: z.array(phases) }).parse(body()).phases)
        return okReply()
      case 'POST jobs/*/release':
        return okReply({ released: control.release(jobId) })
      case 'POST jobs/*/end-debug':
        return okReply({ ended: control.endDebugSession(jobId) })
      case 'POST jobs/*/log':
        control.appendLog(jobId, z.object({ text: z.string() }).parse(body()).text)
        return okReply()
      case 'PUT jobs/*/state':
        control.setJobState(jobId, z.object({ state: jobStates }).parse(body()).state)
        return okReply()
      case 'POST jobs/*/wait': {
        const wait = z.object({ phase: phases, timeoutMs: z.number().positive().optional() }).parse(body())
        await control.waitForPhase(jobId, wait.phase, wait.timeoutMs)
        return okReply()
      }
      case 'PUT live':
        control.setLive(
          z.object({ mode: z.enum(['on', 'refuse', 'no-key']).optional(), disorder: z.enum(['none', 'swap', 'duplicate']).optional() }).parse(body()),
        )
        return okReply()
      case 'POST live/drop':
        control.dropLive()
        return okReply()
      case 'GET live':
        return okReply(control.liveStats())
      case 'PUT rate-limit':
        control.setRateLimit((rateLimitBody.parse(body())))
        return okReply()
      case 'DELETE rate-limit':
        control.resetRateLimit()
        return okReply()
      case 'POST reset':
        control.reset()
        return okReply()
      default:
        return jsonReply(404, { error: `no control route ${method} ${path}` })
    }
  } catch (error) {
    return jsonReply(400, { error: error instanceof Error ? error.message : String(error) })
  }
}
