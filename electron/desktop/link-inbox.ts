/**
 * Links that arrive before the page can take them (a link that launched the app, one that arrives
 * while the page reloads) wait here and go out in order once the page has loaded.
 */
export class LinkInbox<T> {
  private pending: T[] = []
  private ready = false

  constructor(private readonly send: (item: T) => void) {}

  deliver(item: T): void {
    if (this.ready) this.send(item)
    else this.pending.push(item)
  }

  /** The page finished loading: its listeners are registered (they are set up as its scripts run). */
  pageLoaded(): void {
    this.ready = true
    const waiting = this.pending
    this.pending = []
    for (const item of waiting) this.send(item)
  }

  /** The page is being replaced (a reload): hold links until the new one has loaded. */
  pageUnloaded(): void {
    this.ready = false
  }
}

