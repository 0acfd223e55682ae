/**
 * Benchmarks report figures as ratios against a baseline measured side by side in the same process,
 * never as pass/fail timings. Each benchmark file exports one `Benchmark`.
 */
export interface Figure {
  figure: string
  value: number
  unit: string
  /** What the same work costs without Shipmate in the way, measured in the same run. */
  baseline?: number
  /** value / baseline, or the figure against its goal where no baseline applies. */
  ratio?: number
  goal?: string
  note?: string
}

export interface Benchmark {
  name: string
  run(): Promise<Figure[]>
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** Per-round values for a figure's note: `449/374/393`. */
export function roundedList(values: number[], digits = 0): string {
  return values.map((value) => round(value, digits)).join('/')
}
