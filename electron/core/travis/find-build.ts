import { UserError } from '../errors'
import type { TravisClient } from './client'

const PAGE = 100
/** Enough pages for any build a person would name by number; beyond it, the build URL works. */
const MAX_PAGES = 20

/**
 * The id of build #NUMBER of a repository: the number Travis's web page and Shipmate show, which the
 * API cannot filter by. Builds come newest first (number descending); numbers mostly run without
 * gaps, so the first page's newest number tells where to look, and pages are walked from there.
 */
export async function findBuildByNumber(client: TravisClient, slug: string, number: number, signal?: AbortSignal): Promise<number> {
  const missing = () => new UserError(`${slug} has no build #${number} that this account can see.`, 'build_not_found')
  let offset = 0
  let newest: number | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const builds = (await client.builds(slug, offset, PAGE, signal)).items
    const found = builds.find((build) => Number(build.number) === number)
    if (found) return found.id
    const numbers = builds.map((build) => Number(build.number)).filter(Number.isFinite)
    if (numbers.length === 0) throw missing()
    const highest = Math.max(...numbers)
    const lowest = Math.min(...numbers)
    newest ??= highest
    if (number > newest) throw missing()
    if (number > highest) {
      // Jumped past it (numbers had gaps): step back, unless the page before was read already.
      if (offset === 0) throw missing()
      offset = Math.max(0, offset - PAGE)
    } else if (number < lowest) {
      offset = page === 0 ? Math.max(offset + builds.length, newest - number - PAGE / 2) : offset + builds.length
    } else {
      // Within this page's numbers, and not on it.
      throw missing()
    }
  }
  throw new UserError(`Build #${number} of ${slug} is further back than Shipmate looks; open it by its URL instead.`, 'build_too_old')
}
