import { randomInt } from 'node:crypto'

const TAG_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
const TAG_LENGTH = 6

/**
 * The guard tags of one app run. Each connection gets a fresh tag for what it types, so a marker
 * that carries one was written after Shipmate asked, by a loop or read it typed in this run (or a
 * copy, which the loop catches). A marker with any other tag, or none, is somebody's claim: it may
 * be a loop another Shipmate left, or a line an intruder typed before the owner came. The tags are
 * kept for the life of the app only, never written to disk: after a restart every loop found on a
 * host is a stranger's until it answers a new request.
 */
export class GuardRun {
  private readonly tags = new Set<string>()

  /** A new tag no one has seen yet (36^6 choices, so guessing one before it shows is hopeless). */
  issue(): string {
    let tag = ''
    for (let i = 0; i < TAG_LENGTH; i++) tag += TAG_ALPHABET[randomInt(TAG_ALPHABET.length)]
    this.tags.add(tag)
    return tag
  }

  /** Whether this app run handed out `tag`. */
  issued(tag: string | undefined): boolean {
    return tag !== undefined && this.tags.has(tag)
  }
}
