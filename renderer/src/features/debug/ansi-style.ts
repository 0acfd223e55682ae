import type { AnsiColor, AnsiStyle } from '@shared/parse/ansi'

const PALETTE = [
  '#2e3436', '#cc3e3e', '#3fa34d', '#c4a000', '#3d6fd1', '#a04fb0', '#2aa5a5', '#d3d7cf',
  '#6b6f73', '#ff6b6b', '#6ad26f', '#f2d04b', '#729fff', '#d18ee0', '#5fe0e0', '#ffffff',
]

function css(color: AnsiColor): string {
  if (color.kind === 'rgb') return `rgb(${color.r}, ${color.g}, ${color.b})`
  if (color.index < 16) return PALETTE[color.index] ?? 'inherit'
  if (color.index >= 232) {
    const level = 8 + (color.index - 232) * 10
    return `rgb(${level}, ${level}, ${level})`
  }
  const cube = color.index - 16
  const step = (value: number) => (value === 0 ? 0 : 55 + value * 40)
  return `rgb(${step(Math.floor(cube / 36))}, ${step(Math.floor(cube / 6) % 6)}, ${step(cube % 6)})`
}

/** Inline style for one styled segment of a log line. */
export function segmentStyle(style: AnsiStyle): React.CSSProperties | undefined {
  if (style === undefined || Object.keys(style).length === 0) return undefined
  const fg = style.fg ? css(style.fg) : undefined
  const bg = style.bg ? css(style.bg) : undefined
  return {
    color: style.inverse ? bg : fg,
    backgroundColor: style.inverse ? (fg ?? '#ddd') : bg,
    fontWeight: style.bold ? 700 : undefined,
    opacity: style.dim ? 0.7 : undefined,
    fontStyle: style.italic ? 'italic' : undefined,
    textDecoration: [style.underline ? 'underline' : '', style.strikethrough ? 'line-through' : ''].join(' ').trim() || undefined,
  }
}
