const labels: Record<string, string> = { received: 'booting' }

export function StateBadge({ state }: { state: string }) {
  return <span className={`state state-${state}`}>{labels[state] ?? state}</span>
}
