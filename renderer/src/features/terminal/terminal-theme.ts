import type { ITheme } from '@xterm/xterm'

/**
 * The value a colour token has right now, as rgb(): the tokens hold light-dark() pairs, which only
 * a property that paints resolves, so a hidden probe element does the resolving.
 */
function resolveToken(probe: HTMLElement, name: string): string | undefined {
  probe.style.color = `var(${name})`
  return getComputedStyle(probe).color || undefined
}

/**
 * The terminal's colours, read from the stylesheet's tokens so the canvas follows the page's theme:
 * xterm.js paints on its own and never sees CSS custom properties.
 */
export function terminalTheme(): ITheme {
  const probe = document.createElement('span')
  probe.hidden = true
  document.body.append(probe)
  try {
    const background = resolveToken(probe, '--term-bg')
    const foreground = resolveToken(probe, '--term-fg')
    return {
      background,
      foreground,
      cursor: foreground,
      cursorAccent: background,
      selectionBackground: resolveToken(probe, '--term-selection'),
      selectionForeground: foreground,
    }
  } finally {
    probe.remove()
  }
}
