import type { SessionSummary } from '@shared/api'

/** A session summary as the core sends it, with the fields a test cares about overridden. */
export function session(overrides: Partial<SessionSummary> = {}): SessionSummary {
  const id = overrides.id ?? 's1'
  return {
    id,
    title: `host · ${id}`,
    maskedCommand: 'ssh abcd…wxyz@nyc1.tmate.io',
    host: 'nyc1.tmate.io',
    port: 22,
    readOnly: false,
    state: 'connected',
    windows: [],
    cols: 80,
    rows: 24,
    detection: { state: 'on', mates: 1, detail: 'The session guard runs on the host.' },
    mates: 1,
    alert: false,
    keepAlive: 'off',
    openedAt: '2026-12-04T12:00:00.000Z',
    ...overrides,
  }
}
