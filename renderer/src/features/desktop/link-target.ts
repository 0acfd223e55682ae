import { preferredAccountFirst } from '@shared/accounts-match'
import type { AccountSummary } from '@shared/api'

/**
 * The accounts a job link's API host points to, the current one first. The host is compared as a
 * URL spells it (lower case, default port dropped), the way account ids were made from it.
 */
export function accountsForApiHost(accounts: readonly AccountSummary[], apiHost: string, currentId: string | undefined): AccountSummary[] {
  const wanted = hostOf(`https://${apiHost}`)
  return accounts
    .filter((account) => wanted !== undefined && hostOf(account.endpoint.apiUrl) === wanted)
    .sort(preferredAccountFirst(currentId))
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host
  } catch {
    return undefined
  }
}

/**
 * The link in something dragged onto the window: the first address of a `text/uri-list` (its lines
 * starting with # are comments), else the plain text. Undefined when there is no text to try.
 */
export function droppedLink(getData: (type: string) => string): string | undefined {
  const uri = getData('text/uri-list')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'))
  const text = uri ?? getData('text/plain').trim()
  return text === '' ? undefined : text
}

/** Drops on a text field keep their usual meaning (the text goes into the field). */
export function isTextField(target: EventTarget | null): boolean {
  const element = target as { closest?: (selector: string) => unknown } | null
  return typeof element?.closest === 'function' && element.closest('input, textarea, [contenteditable=""], [contenteditable="true"]') !== null
}
