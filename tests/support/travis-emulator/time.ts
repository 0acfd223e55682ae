// Travis renders times as `%Y-%m-%dT%H:%M:%SZ`, except job created_at/updated_at and build
// updated_at, which carry milliseconds.

export function formatTime(ms: number | null): string | null {
  return ms === null ? null : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

export function formatTimeMs(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
