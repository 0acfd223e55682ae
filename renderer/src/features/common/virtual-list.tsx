import { useLayoutEffect, useRef, useState } from 'react'

interface VirtualListProps<T> {
  items: readonly T[]
  rowHeight: number
  label: string
  renderRow: (item: T, index: number) => React.ReactNode
  keyOf: (item: T, index: number) => string
  overscan?: number
}

/**
 * Renders only the rows in view (plus a few), so thousands of items scroll and filter smoothly.
 * Rows have one fixed height; each row carries its position and the total (aria-posinset and
 * aria-setsize, which a list allows where aria-rowcount is for grids), so assistive tech knows both.
 */
export function VirtualList<T>({ items, rowHeight, label, renderRow, keyOf, overscan = 8 }: VirtualListProps<T>) {
  const container = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)

  useLayoutEffect(() => {
    const element = container.current
    if (!element) return
    const observer = new ResizeObserver(() => setHeight(element.clientHeight))
    observer.observe(element)
    setHeight(element.clientHeight)
    return () => observer.disconnect()
  }, [])

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan)
  const visible = items.slice(first, last)

  return (
    <div
      ref={container}
      className="virtual-list"
      role="list"
      aria-label={label}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {visible.map((item, offset) => {
          const index = first + offset
          return (
            <div
              key={keyOf(item, index)}
              role="listitem"
              aria-posinset={index + 1}
              aria-setsize={items.length}
              className="virtual-row"
              style={{ top: index * rowHeight, height: rowHeight }}
            >
              {renderRow(item, index)}
            </div>
          )
        })}
      </div>
    </div>
  )
}
