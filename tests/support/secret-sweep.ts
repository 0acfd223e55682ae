import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import type { App } from './app'

/**
 * Where a secret may be seen, by kind. A Travis token or a key's passphrase crosses the WebSocket
 * exactly once, inward, in the request that hands it to the core; key material never. A tmate
 * token reaches the page only in the reply to the user's explicit "Copy/Show SSH command"
 * click; anything else may carry at most its masked form (four characters at each end), so
 * eight of its characters in a row anywhere count as a leak (a token cut in two leaks that way).
 */
export type SecretKind = 'travis-token' | 'passphrase' | 'key' | 'tmate-token'

export interface Secret {
  /** How failures name it: the value itself is never printed. */
  name: string
  value: string
  kind: SecretKind
}

interface Frame {
  direction: 'sent' | 'received'
  text: string
}

const INWARD_FIELD: Partial<Record<SecretKind, { methods: readonly string[]; field: string }>> = {
  'travis-token': { methods: ['accounts.add', 'accounts.replaceToken'], field: 'token' },
  passphrase: { methods: ['sessions.answerPassphrase'], field: 'passphrase' },
}
const REVEAL_METHOD = 'debug.sshCommand'
const TMATE_WINDOW = 8

/**
 * Records a page's WebSocket both ways and, at each step of a flow, looks for secrets in it, in
 * the server's log, in every file of the data directory and in what the page shows.
 */
export class SecretSweep {
  private readonly frames: Frame[] = []
  private readonly secrets: Secret[] = []

  /** Call before the page loads the app (App's `beforeLoad`), so no frame is missed. */
  watch(page: Page): void {
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => this.frames.push({ direction: 'sent', text: String(payload) }))
      socket.on('framereceived', ({ payload }) => this.frames.push({ direction: 'received', text: String(payload) }))
    })
  }

  add(secret: Secret): void {
    if (secret.value.length < TMATE_WINDOW) throw new Error(`${secret.name} is too short to look for reliably`)
    this.secrets.push(secret)
  }

  /**
   * Fails with every place a secret showed where it must not. `typing` is the label of a field the
   * user is typing a secret into: its own value is what the user typed, not a leak.
   */
  async check(step: string, app: App, options: { typing?: string } = {}): Promise<void> {
    const found: string[] = []
    const revealIds = this.revealRequestIds()
    for (const [index, frame] of this.frames.entries()) {
      for (const secret of this.secrets) {
        if (!this.appears(secret, frame.text)) continue
        if (frame.direction === 'sent' && this.sentInward(secret, frame.text)) continue
        if (frame.direction === 'received' && secret.kind === 'tmate-token' && revealIds.has(replyId(frame.text))) continue
        found.push(`${secret.name} in WebSocket frame #${index} ${frame.direction === 'sent' ? 'to' : 'from'} the core (${describeFrame(frame.text)})`)
      }
    }
    for (const [index, line] of app.log.split('\n').entries()) {
      for (const secret of this.secrets) if (this.appears(secret, line)) found.push(`${secret.name} in server log line ${index + 1}`)
    }
    for (const [path, text] of await filesUnder(app.dataDir)) {
      for (const secret of this.secrets) if (this.appears(secret, text)) found.push(`${secret.name} in data file ${path}`)
    }
    const dom = await app.page.evaluate(() => ({
      text: document.body.textContent ?? '',
      fields: [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((field) => ({
        label: field.getAttribute('aria-label') ?? field.labels?.[0]?.textContent?.trim() ?? field.name,
        value: field.value,
      })),
    }))
    for (const secret of this.secrets) {
      if (this.appears(secret, dom.text)) found.push(`${secret.name} in the page's text`)
      for (const field of dom.fields) {
        if (field.label !== options.typing && this.appears(secret, field.value)) found.push(`${secret.name} in the field "${field.label}"`)
      }
    }
    if (found.length > 0) throw new Error(`Secrets seen at step "${step}":\n${found.join('\n')}`)
  }

  private appears(secret: Secret, text: string): boolean {
    if (secret.kind !== 'tmate-token') return text.includes(secret.value)
    for (let i = 0; i + TMATE_WINDOW <= secret.value.length; i++) if (text.includes(secret.value.slice(i, i + TMATE_WINDOW))) return true
    return false
  }

  /** The one request that hands this secret to the core, carrying it in its own field only. */
  private sentInward(secret: Secret, text: string): boolean {
    const inward = INWARD_FIELD[secret.kind]
    const message = parse(text)
    if (!inward || message?.type !== 'request' || !inward.methods.includes(String(message.method))) return false
    const args = (message.args ?? {}) as Record<string, unknown>
    if (args[inward.field] !== secret.value) return false
    return !JSON.stringify({ ...message, args: { ...args, [inward.field]: '' } }).includes(secret.value)
  }

  private revealRequestIds(): Set<unknown> {
    const ids = new Set<unknown>()
    for (const frame of this.frames) {
      const message = frame.direction === 'sent' ? parse(frame.text) : undefined
      if (message?.type === 'request' && message.method === REVEAL_METHOD) ids.add(message.id)
    }
    return ids
  }
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function replyId(text: string): unknown {
  const message = parse(text)
  return message?.type === 'reply' ? message.id : Symbol('not a reply')
}

/** The kind of message, never its content: the content is what holds the secret. */
function describeFrame(text: string): string {
  const message = parse(text)
  if (!message) return 'not JSON'
  return [message.type, message.name ?? message.method, message.id === undefined ? undefined : `id ${String(message.id)}`]
    .filter((part) => part !== undefined)
    .join(' ')
}

async function filesUnder(dir: string): Promise<Array<[string, string]>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry): Promise<[string, string]> => {
        const path = join(entry.parentPath, entry.name)
        return [path.slice(dir.length + 1), await readFile(path, 'latin1').catch(() => '')]
      }),
  )
}
