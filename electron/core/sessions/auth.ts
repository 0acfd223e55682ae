import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { utils, type AnyAuthMethod, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2'
import type { Logger } from '../log'

/** The user's keys Shipmate offers, in this order, after the agent's. */
export const KEY_FILES = ['id_ed25519', 'id_rsa'] as const

/** Asks the user for a key's passphrase; null means "skip this key". */
export type PassphraseAsker = (keyLabel: string, retry: boolean) => Promise<string | null>

export interface CredentialSources {
  home: string
  env: NodeJS.ProcessEnv
  askPassphrase: PassphraseAsker
  log: Logger
}

type Unlocked = ParsedKey | 'skip'

/**
 * Authentication as tmate expects it: `none` first, which every
 * session without authorized keys accepts; then, for sessions the host restricted to listed keys,
 * the ssh-agent's keys and the user's own key files. An encrypted key is unlocked once per session
 * with the user's passphrase and kept in memory only, so a reconnect does not ask again.
 */
export class Credentials {
  /** Encrypted keys by file name: being unlocked, unlocked, or skipped by the user. */
  private readonly unlocking = new Map<string, Promise<Unlocked>>()

  constructor(private readonly sources: CredentialSources) {}

  /** ssh2's authHandler for one connection attempt. */
  handler(username: string): AuthHandlerMiddleware {
    const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [
      async () => ({ type: 'none', username }),
      async () => {
        const agent = this.sources.env.SSH_AUTH_SOCK
        return agent ? { type: 'agent', username, agent } : undefined
      },
      ...KEY_FILES.map((name) => async (): Promise<AnyAuthMethod | undefined> => {
        const key = await this.key(name)
        return key === 'skip' ? undefined : { type: 'publickey', username, key }
      }),
    ]
    let next = 0
    return (methodsLeft, _partialSuccess, callback) => {
      void (async () => {
        // After `none`, go on only if the server still takes keys (tmate: publickey or nothing).
        const keysAllowed = methodsLeft === null || methodsLeft.includes('publickey')
        while (next < steps.length && (next === 0 || keysAllowed)) {
          const step = steps[next++]
          const method = step === undefined ? undefined : await step().catch(() => undefined)
          if (method !== undefined) {
            callback(method)
            return
          }
        }
        // ssh2's typings leave out `false`, which its runtime documents as "no more methods".
        ;(callback as unknown as (method: false) => void)(false)
      })()
    }
  }

  /** Settles when no key is waiting for the user. */
  async idle(): Promise<void> {
    await Promise.all(this.unlocking.values())
  }

  private async key(name: string): Promise<Unlocked> {
    const label = `~/.ssh/${name}`
    let text: Buffer
    try {
      // Read each time: a key created or replaced since the last try is used.
      text = await readFile(join(this.sources.home, '.ssh', name))
    } catch {
      return 'skip'
    }
    const plain = utils.parseKey(text)
    if (!(plain instanceof Error)) return plain
    if (!/no passphrase given/i.test(plain.message)) {
      this.sources.log.warn(`sessions: skipping ${label}: ${plain.message}`)
      return 'skip'
    }
    let unlocking = this.unlocking.get(name)
    if (unlocking === undefined) {
      unlocking = this.unlock(text, label)
      this.unlocking.set(name, unlocking)
    }
    return unlocking
  }

  /** Asks until the passphrase fits or the user skips the key; the answer holds for the session. */
  private async unlock(text: Buffer, label: string): Promise<Unlocked> {
    for (let retry = false; ; retry = true) {
      const passphrase = await this.sources.askPassphrase(label, retry)
      if (passphrase === null) return 'skip'
      const key = utils.parseKey(text, passphrase)
      if (!(key instanceof Error)) return key
    }
  }
}
