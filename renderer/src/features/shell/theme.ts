export type ThemeChoice = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

const STORAGE_KEY = 'shipmate.theme'
const listeners = new Set<(theme: Theme) => void>()
/** Where the choice lives when storage is off (private windows, some embedders). */
let unsavedChoice: ThemeChoice = 'system'
const darkQuery = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined

function isChoice(value: unknown): value is ThemeChoice {
  return value === 'system' || value === 'light' || value === 'dark'
}

/** The user's choice; the system's preference until they make one. */
export function themeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY)
    return isChoice(stored) ? stored : 'system'
  } catch {
    return unsavedChoice
  }
}

export function currentTheme(): Theme {
  const choice = themeChoice()
  if (choice !== 'system') return choice
  return darkQuery?.matches ? 'dark' : 'light'
}

/**
 * The stylesheet follows the system's scheme by itself and obeys data-theme-choice when the user
 * picked one; data-theme names the theme in effect, for code and tests that need to know it.
 */
function apply(): void {
  const root = document.documentElement
  const choice = themeChoice()
  if (choice === 'system') delete root.dataset.themeChoice
  else root.dataset.themeChoice = choice
  const theme = currentTheme()
  if (root.dataset.theme === theme) return
  root.dataset.theme = theme
  for (const listener of listeners) listener(theme)
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(STORAGE_KEY)
    else window.localStorage.setItem(STORAGE_KEY, choice)
  } catch {
    // Without storage the choice still holds until the page reloads.
    unsavedChoice = choice
  }
  apply()
}

/** Call once before the first render: sets the theme and follows the system's while the choice is "system". */
export function startTheme(): void {
  darkQuery?.addEventListener('change', apply)
  apply()
}

/** Runs `listener` after every theme switch (for what CSS cannot reach, like the terminal's canvas). */
export function onThemeChange(listener: (theme: Theme) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
