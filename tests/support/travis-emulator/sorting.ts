// `sort_by=field[:desc],...` (travis-api `query.rb#sort`): unknown fields or orders are skipped
// with an `ignored_value` warning; the first valid key sorts, later ones break ties.
import type { Warning } from './params'

export type SortKey<T> = (item: T) => number | string | null

function compare(a: number | string | null, b: number | string | null): number {
  // Postgres puts NULLs last in ascending order.
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

export function applySort<T>(
  list: readonly T[],
  sortBy: string | undefined,
  keys: Record<string, SortKey<T>>,
  defaultSort = '',
): { sorted: T[]; warnings: Warning[] } {
  const spec = sortBy ?? defaultSort
  const warnings: Warning[] = []
  const comparators: ((a: T, b: T) => number)[] = []
  if (spec !== '') {
    for (const fieldWithOrder of spec.split(',')) {
      const colon = fieldWithOrder.indexOf(':')
      const field = colon === -1 ? fieldWithOrder : fieldWithOrder.slice(0, colon)
      const order = colon === -1 ? 'asc' : fieldWithOrder.slice(colon + 1)
      const key = keys[field]
      if (!key || (order !== 'asc' && order !== 'desc')) {
        warnings.push({
          '@type': 'warning',
          message: `query value ${fieldWithOrder} for sort_by not a valid sort mode, ignored`,
          warning_type: 'ignored_value',
          parameter: 'sort_by',
          value: fieldWithOrder,
        })
        continue
      }
      const sign = order === 'desc' ? -1 : 1
      comparators.push((a, b) => sign * compare(key(a), key(b)))
    }
  }
  const sorted = [...list]
  if (comparators.length > 0) {
    sorted.sort((a, b) => {
      for (const cmp of comparators) {
        const r = cmp(a, b)
        if (r !== 0) return r
      }
      return 0
    })
  }
  return { sorted, warnings }
}
