// Injected faults, per route: answer with a given status/body, delay, or drop the connection.
// A path pattern is a glob over the request path (no query): `*` stays within one segment, `**`
// crosses segments. It is tried against the path as sent and against the path without the mount
// point and `/v3` prefix, so `/job/*/log` also catches `/v3/job/1/log`.

export interface FaultSpec {
  /** HTTP method to match; any when omitted. */
  method?: string
  /** Glob (string) or RegExp over the request path. */
  path: string | RegExp
  status?: number
  /** A string is sent as is; anything else as pretty JSON. */
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
  /** Wait this long first; alone, the request then proceeds normally. */
  delayMs?: number
  /** Destroy the socket without an answer. */
  drop?: boolean
  /** How many requests the fault catches before it retires; unlimited when omitted. */
  times?: number
}

export interface ActiveFault extends FaultSpec {
  id: string
}

function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? ''
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*'
      i++
    } else if (c === '*') source += '[^/]*'
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

export class Faults {
  private faults: { fault: ActiveFault; pattern: RegExp }[] = []
  private nextId = 1

  add(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`
    const pattern = typeof spec.path === 'string' ? globToRegExp(spec.path) : spec.path
    this.faults.push({ fault: { ...spec, id }, pattern })
    return id
  }

  remove(id: string): void {
    this.faults = this.faults.filter((f) => f.fault.id !== id)
  }

  clear(): void {
    this.faults = []
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f.fault }))
  }

  /** The first fault matching the request; counts it against `times`. */
  take(method: string, paths: readonly string[]): ActiveFault | undefined {
    const hit = this.faults.find(
      (f) =>
        (f.fault.method === undefined || f.fault.method.toUpperCase() === method) &&
        paths.some((p) => f.pattern.test(p)),
    )
    if (!hit) return undefined
    if (hit.fault.times !== undefined) {
      hit.fault.times -= 1
      if (hit.fault.times <= 0) this.remove(hit.fault.id)
    }
    return { ...hit.fault }
  }
}
