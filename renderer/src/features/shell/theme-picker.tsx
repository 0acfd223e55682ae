import { useState } from 'react'
import { setThemeChoice, themeChoice, type ThemeChoice } from './theme'

const choices: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

export function ThemePicker() {
  const [choice, setChoice] = useState(themeChoice)
  return (
    <label className="theme-picker">
      Theme
      <select
        value={choice}
        onChange={(event) => {
          const next = event.target.value as ThemeChoice
          setThemeChoice(next)
          setChoice(next)
        }}
      >
        {choices.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  )
}
