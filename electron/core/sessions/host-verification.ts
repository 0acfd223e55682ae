import type { HostKeyPrompt, SessionState } from '@shared/types/sessions'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { changedKeyDetail, hostKey, type HostKeyCheck, type HostKeys } from './host-keys'
import { Question } from './question'

/** Said with the question about a host that looks new only because the list of trusted hosts was lost. */
export const TRUST_STORE_LOST_WARNING =
  "Shipmate's list of trusted hosts was damaged and could not be restored, so it cannot tell whether this key changed. " +
  'Compare the fingerprint with one you trust before you go on.'

export interface HostVerificationDeps {
  sessionId: string
  host: string
  port: number
  hostKeys: HostKeys
  events: EventHub
  log: Logger
  setState: (state: SessionState, detail: string | undefined) => void
  stopped: () => boolean
}

/**
 * The host-key step of a session's connections: pinned or remembered keys pass, a changed key is
 * refused outright, a new one waits for the user. The user's answer may come after the
 * connection gave up waiting; it is stored all the same and the next connection uses it.
 */
export class HostVerification {
  /** Why the last connection was refused on Shipmate's side, for the failure detail. */
  refusal: string | undefined
  private readonly answer = new Question<boolean>()
  private decision: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: HostVerificationDeps) {}

  get asking(): boolean {
    return this.answer.pending
  }

  /** Settles once the user's last answer has been acted on. */
  settled(): Promise<unknown> {
    return this.decision
  }

  answerTrust(trust: boolean): boolean {
    return this.answer.answer(trust)
  }

  async verify(keyBlob: Buffer, reconnecting: boolean): Promise<boolean> {
    const { host, port, hostKeys, log } = this.deps
    const where = hostKey(host, port)
    let check: HostKeyCheck
    try {
      check = await hostKeys.check(host, port, keyBlob)
    } catch (error) {
      log.error(`sessions: cannot read ${hostKeys.path}`, error)
      this.refusal = `Shipmate could not read its list of trusted host keys (${hostKeys.path}), so it did not connect.`
      return false
    }
    if (this.deps.stopped()) return false
    if (check.kind === 'trusted') {
      if (!reconnecting) this.deps.setState('authenticating', undefined)
      return true
    }
    if (check.kind === 'changed') {
      this.refusal = changedKeyDetail(where, check, hostKeys.path)
      this.prompt(check)
      log.warn(`sessions: ${this.deps.sessionId} refused ${where}: its host key changed from ${check.knownFingerprint} to ${check.fingerprint}`)
      return false
    }
    this.deps.setState('verifying_host', `Check the host key of ${where}: ${check.algorithm} ${check.fingerprint}`)
    // Ask before telling: whoever hears the prompt may answer at once.
    const asked = this.answer.ask()
    this.prompt(check)
    const decision = asked.then((trust) => this.decide(trust, check))
    this.decision = decision
    const trusted = await decision
    if (trusted) this.deps.setState(reconnecting ? 'reconnecting' : 'authenticating', undefined)
    return trusted
  }

  private async decide(trust: boolean, check: HostKeyCheck): Promise<boolean> {
    const { host, port, hostKeys, log } = this.deps
    const where = hostKey(host, port)
    if (!trust) {
      this.refusal = `You did not trust the host key of ${where}, so Shipmate did not connect.`
      return false
    }
    try {
      await hostKeys.trust(host, port, check.algorithm, check.fingerprint)
    } catch (error) {
      log.error(`sessions: cannot store the host key of ${where}`, error)
      this.refusal = `Shipmate could not remember the host key of ${where} in ${hostKeys.path}, so it did not connect.`
      return false
    }
    return !this.deps.stopped()
  }

  private prompt(check: HostKeyCheck): void {
    const prompt: HostKeyPrompt = {
      sessionId: this.deps.sessionId,
      host: this.deps.host,
      port: this.deps.port,
      algorithm: check.algorithm,
      fingerprint: check.fingerprint,
      changed: check.kind === 'changed',
    }
    if (check.kind === 'changed') prompt.knownFingerprint = check.knownFingerprint
    if (check.kind === 'unknown' && check.trustStoreLost) prompt.trustStoreLost = TRUST_STORE_LOST_WARNING
    this.deps.events.emit('sessions.hostKeyPrompt', prompt)
  }
}
