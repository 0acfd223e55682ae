// Every API request the emulator received (control requests excluded), so a test can assert
// "the cancel reached Travis" or count the requests a feature costs.

const RECORDED_HEADERS = [
  'authorization',
  'travis-api-version',
  'accept',
  'content-type',
  'user-agent',
  'origin',
] as const

export interface RequestLogEntry {
  seq: number
  /** ISO time of arrival. */
  time: string
  method: string
  /** Path and query as sent. */
  url: string
  /** Path without query. */
  path: string
  headers: Partial<Record<(typeof RECORDED_HEADERS)[number], string>>
  body: string
  /** Status answered (undefined while in flight or when the connection was dropped). */
  status?: number
}

export interface RequestFilter {
  method?: string
  /** Substring of the path, or a RegExp over it. */
  path?: string | RegExp
}

/** Keeps a long-running demo's memory flat; tests never come near these. */
const MAX_ENTRIES = 10_000
const MAX_BODY_CHARS = 64 * 1024

export class RequestLog {
  private entries: RequestLogEntry[] = []
  private seq = 0

  record(method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string): RequestLogEntry {
    const recorded: RequestLogEntry['headers'] = {}
    for (const name of RECORDED_HEADERS) {
      const value = headers[name]
      if (value !== undefined) recorded[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      method,
      url,
      path: url.split('?', 1)[0] ?? url,
      headers: recorded,
      body: body.slice(0, MAX_BODY_CHARS),
    }
    this.entries.push(entry)
    if (this.entries.length > MAX_ENTRIES) this.entries.shift()
    return entry
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.path === undefined ||
          (typeof filter.path === 'string' ? e.path.includes(filter.path) : filter.path.test(e.path))),
    )
  }

  clear(): void {
    this.entries = []
  }
}
