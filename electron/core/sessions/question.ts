/**
 * One question put to the user (trust this host key? the passphrase?) and the answer awaited.
 * At most one is open at a time per kind and session; a new ask replaces nothing, it waits.
 */
export class Question<T> {
  private resolvers: Array<(answer: T) => void> = []

  get pending(): boolean {
    return this.resolvers.length > 0
  }

  ask(): Promise<T> {
    return new Promise((resolve) => this.resolvers.push(resolve))
  }

  /** Gives the answer to everyone waiting; false when nobody was. */
  answer(value: T): boolean {
    const waiting = this.resolvers
    this.resolvers = []
    for (const resolve of waiting) resolve(value)
    return waiting.length > 0
  }
}
