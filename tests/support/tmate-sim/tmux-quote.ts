/**
 * Quotes one argument for a tmux configuration file. Single quotes are literal in tmux's parser;
 * a value containing one falls back to double quotes, where `\`, `"` and `$` must be escaped
 * (tmux expands environment variables there).
 */
export function tmuxQuote(value: string): string {
  if (!value.includes("'")) return `'${value}'`
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`
}

/** Quotes one word for a POSIX shell command line. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}
